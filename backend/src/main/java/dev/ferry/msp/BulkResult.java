package dev.ferry.msp;

import java.util.List;

/**
 * What one bulk action did in each selected customer, for the summary shown after it.
 */
public record BulkResult(BulkAction action, List<Outcome> outcomes) {

	public long done() {
		return outcomes.stream().filter(Outcome::done).count();
	}

	public long skipped() {
		return outcomes.size() - done();
	}

	/**
	 * @param reason the message key that says what was done or why not
	 * ({@code msp.bulk.reason.*})
	 */
	public record Outcome(String slug, String displayName, boolean done, String reason) {

	}

}
