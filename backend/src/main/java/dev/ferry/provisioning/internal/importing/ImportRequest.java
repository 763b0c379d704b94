package dev.ferry.provisioning.internal.importing;

import dev.ferry.work.JobRequest;

/**
 * Import New Users ({@link ImportHandler}), always under the one key {@value #KEY}.
 *
 * @param trigger what asked for it, shown on the run
 */
public record ImportRequest(String trigger) implements JobRequest {

	public static final String KIND = "tenant.import";

	public static final String KEY = "import";

	public ImportRequest {
		trigger = trigger == null ? "manual" : trigger;
	}

	@Override
	public String kind() {
		return KIND;
	}

}
