package dev.ferry.provisioning.internal.engine;

import java.util.UUID;

import dev.ferry.work.JobRequest;

/**
 * One person's sync ({@link IdentitySyncHandler}), keyed by their Okta id.
 *
 * @param trigger what asked for it (an event type, "system-log", "approved"...)
 * @param eventId the Okta event that caused it, audited as the actor; null: none
 * @param checkAssignment read the person's app assignment too (a profile edit of someone
 * linked cannot change it, so it is skipped to spare Okta's apps quota)
 * @param retryOfRun the run whose failure this retries; such a sync is never folded into
 * a burst reconcile
 * @param untouchedInTarget the run found no account for the person and its create was
 * never done (the target was busy): no lookup by e-mail is needed before creating, which
 * halves the calls of a throttled initial load
 */
public record IdentitySyncRequest(String trigger, String eventId, boolean checkAssignment, UUID retryOfRun,
		boolean untouchedInTarget) implements JobRequest {

	public static final String KIND = "identity.sync";

	/**
	 * The trigger of a person's "Provision now": such a sync compares with the account as
	 * ShareFile has it (one read), as the page that offered it showed.
	 */
	public static final String MANUAL = "manual";

	public IdentitySyncRequest {
		trigger = trigger == null ? "change" : trigger;
	}

	public IdentitySyncRequest(String trigger, String eventId, boolean checkAssignment, UUID retryOfRun) {
		this(trigger, eventId, checkAssignment, retryOfRun, false);
	}

	/** A sync that checks the person's assignment, caused by no event. */
	public static IdentitySyncRequest checking(String trigger) {
		return new IdentitySyncRequest(trigger, null, true, null);
	}

	/**
	 * Two requests merged as the work queue merges waiting jobs: later values win, flags
	 * stay set.
	 */
	public IdentitySyncRequest merge(IdentitySyncRequest later) {
		return new IdentitySyncRequest(later.trigger, later.eventId != null ? later.eventId : eventId,
				checkAssignment || later.checkAssignment, later.retryOfRun != null ? later.retryOfRun : retryOfRun,
				// anything else merged in may have touched the target: look again
				untouchedInTarget && later.untouchedInTarget);
	}

	@Override
	public String kind() {
		return KIND;
	}

}
