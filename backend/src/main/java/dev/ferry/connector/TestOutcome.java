package dev.ferry.connector;

import java.util.List;

/**
 * What "Test API credentials" found, in words a person can act on.
 *
 * @param summary one sentence: what worked, or what failed and what to do about it
 * @param details further facts found along the way (the admin's name, licences left, apps
 * seen)
 */
public record TestOutcome(boolean ok, String summary, List<String> details) {

	public static TestOutcome passed(String summary, List<String> details) {
		return new TestOutcome(true, summary, List.copyOf(details));
	}

	public static TestOutcome failed(String summary) {
		return new TestOutcome(false, summary, List.of());
	}

}
