package dev.ferry.connection;

import java.time.Instant;

/**
 * What a connection's last "Test" said, kept with the connection until its settings
 * change (a new setting has not been tested yet).
 *
 * @param ok whether the test passed
 * @param summary the outcome in words a person can act on
 */
public record LastTest(Instant at, Boolean ok, String summary) {

	public static LastTest of(boolean ok, String summary, Instant at) {
		return new LastTest(at, ok, summary.length() > 1000 ? summary.substring(0, 1000) : summary);
	}

}
