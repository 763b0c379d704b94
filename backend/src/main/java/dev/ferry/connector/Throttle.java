package dev.ferry.connector;

import java.time.Duration;

/**
 * How fast a connector may call its target: every call first takes a permit, and a target
 * that answers 429/503 (with Retry-After or Okta's X-Rate-Limit-Reset) makes every caller
 * of the same target wait. Implemented by the work module with a token bucket in Redis,
 * shared by all workers.
 */
public interface Throttle {

	/** No limit: for tests of single calls and "Test API credentials". */
	Throttle NONE = new Throttle() {
		@Override
		public void acquire() {
		}

		@Override
		public void slowDown(Duration wait) {
		}
	};

	/**
	 * Takes a permit for one call, waiting briefly when the rate asks for it (at most
	 * {@code ferry.work.throttle-max-wait}).
	 * @throws Throttled when the wait would be longer: a pause the target asked for, or a
	 * rate far below demand. The caller defers the work; no thread ever sits out another
	 * tenant's outage.
	 */
	void acquire();

	/** The target asked callers to wait this long (at least). */
	void slowDown(Duration wait);

	/**
	 * The target reported its quota (Okta's {@code X-Rate-Limit-Limit/Remaining/Reset}):
	 * {@code limit} calls a minute in this bucket (0 or less when not reported),
	 * {@code remaining} of them left until the reset. A reported limit replaces the
	 * configured rate (the configured one is only a starting guess); little remaining
	 * slows callers down; none left holds them until the reset. Optional.
	 */
	default void observed(long limit, long remaining, long resetEpochSecond) {
	}

}
