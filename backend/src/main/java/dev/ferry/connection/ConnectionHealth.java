package dev.ferry.connection;

import java.util.Optional;

/**
 * How one of an organisation's connections stands, as its last "Test" found it: what the
 * dashboard shows beside each connection, with the test's time and words.
 *
 * @param kind the connector's kind, or null when nothing is configured
 * @param lastTest null when never tested since its settings last changed
 */
public record ConnectionHealth(String kind, State state, LastTest lastTest) {

	public enum State {

		/** The last test passed. */
		HEALTHY,

		/** The last test failed: its summary says what to fix. */
		FAILING,

		/** Saved, but not tested since its settings last changed. */
		UNTESTED,

		NOT_CONFIGURED

	}

	static ConnectionHealth of(Optional<StoredConnection> stored) {
		if (stored.isEmpty()) {
			return new ConnectionHealth(null, State.NOT_CONFIGURED, null);
		}
		LastTest test = stored.get().lastTest();
		State state = test == null || test.ok() == null ? State.UNTESTED : test.ok() ? State.HEALTHY : State.FAILING;
		return new ConnectionHealth(stored.get().kind(), state, test);
	}

}
