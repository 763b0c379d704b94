package dev.ferry.connector;

import java.time.Duration;

/**
 * How fast a connector may call its target: every call first takes a permit, and a target that
 * answers 429/503 (with Retry-After or Okta's X-Rate-Limit-Reset) makes every caller of the same
 * target wait. Implemented by the work module with a token bucket in Redis, shared by all workers.
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

	/** Blocks until a call may be made. */
	void acquire();

	/** The target asked callers to wait this long (at least). */
	void slowDown(Duration wait);

	/** The target reported its remaining quota (e.g. Okta's X-Rate-Limit-Remaining/Reset); optional. */
	default void observed(long remaining, long resetEpochSecond) {
	}

}
