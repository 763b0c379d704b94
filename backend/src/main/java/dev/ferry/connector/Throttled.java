package dev.ferry.connector;

import java.time.Duration;

/**
 * No call was made: the target's rate limit, or a pause it asked every caller for (429,
 * 503 with {@code Retry-After}, an exhausted Okta quota), would keep this thread waiting
 * longer than a shared thread may wait. The work is deferred until {@link #retryAfter()}
 * instead, and the thread moves on to other work (docs/work.md, "Throttles never hold a
 * worker"). Not a failure of the target, and it does not use up one of the job's
 * attempts.
 */
public final class Throttled extends ConnectorException {

	public Throttled(String target, Duration wait) {
		this(wait, target + " asks callers to wait " + wait.toSeconds() + " s; tried again then");
	}

	private Throttled(Duration wait, String message) {
		super(Kind.RETRYABLE, message, 0, null, wait);
	}

	/**
	 * Work that stops itself to wait for its target, saying in its own words what waits
	 * and why (a reconcile stopped by an outage).
	 */
	public static Throttled waiting(String message, Duration wait) {
		return new Throttled(wait, message);
	}

}
