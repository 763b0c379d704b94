package dev.ferry.provisioning.internal.groups;

import dev.ferry.work.JobRequest;

/**
 * A group push for the tenant ({@link GroupPushHandler}), always under the one key
 * {@value #KEY}.
 *
 * @param trigger what asked for it, shown on the run
 * @param eventId the Okta group event that caused it; null: none
 */
public record GroupPushRequest(String trigger, String eventId) implements JobRequest {

	public static final String KIND = "tenant.groups";

	public static final String KEY = "all";

	public GroupPushRequest {
		trigger = trigger == null ? "groups" : trigger;
	}

	public static GroupPushRequest of(String trigger) {
		return new GroupPushRequest(trigger, null);
	}

	@Override
	public String kind() {
		return KIND;
	}

}
