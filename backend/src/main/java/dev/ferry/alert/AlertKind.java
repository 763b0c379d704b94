package dev.ferry.alert;

import java.util.List;

/** What an alert is about; each has its own digest window and its own switch. */
public enum AlertKind {

	/** A plan the safety threshold held for approval: the run's page approves it. */
	HELD_PLAN,

	/** A job Ferry gave up on: the dead-letter list retries it. */
	DEAD_LETTER,

	/**
	 * A connection whose test fails, or whose credentials the engine's calls are refused
	 * with, after it did not: the Connections page fixes it.
	 */
	CONNECTION_FAILING,

	/** Work held back by a target's throttling for longer than the threshold. */
	THROTTLED,

	/** "Send a test alert" on the settings page: always sent, never digested. */
	TEST;

	/** The kinds an organisation can switch on or off. */
	public static List<AlertKind> choosable() {
		return List.of(HELD_PLAN, DEAD_LETTER, CONNECTION_FAILING, THROTTLED);
	}

	/** The key of the kind's name in messages.properties. */
	public String messageKey() {
		return "alerts.kind." + name();
	}

}
