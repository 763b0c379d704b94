package dev.ferry.sandbox.core;

import java.time.Instant;

/**
 * What the sandbox does wrong on purpose for one org or account, so tests and benchmarks
 * can see how Ferry copes with slow, failing, throttling or absent services.
 *
 * @param latencyMillis added to every response
 * @param jitterMillis up to this much more, chosen at random per request
 * @param errorRate share of requests (0..1) answered with a 500 or 503 instead of being
 * served
 * @param throttlePerMinute requests allowed per rolling minute; beyond that the service's
 * 429 (0 = no throttle)
 * @param outageUntil until this instant every request gets a 503 (null = no outage)
 * @param writesOnly whether errors, throttling and the outage hit only requests that
 * change something (POST, PUT, PATCH, DELETE), while reads are served: a service whose
 * write path is failing
 */
public record FaultSettings(long latencyMillis, long jitterMillis, double errorRate, int throttlePerMinute,
		Instant outageUntil, boolean writesOnly) {

	public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, null, false);

	public FaultSettings(long latencyMillis, long jitterMillis, double errorRate, int throttlePerMinute,
			Instant outageUntil) {
		this(latencyMillis, jitterMillis, errorRate, throttlePerMinute, outageUntil, false);
	}

	public FaultSettings {
		if (latencyMillis < 0 || jitterMillis < 0 || latencyMillis > 60_000 || jitterMillis > 60_000) {
			throw new IllegalArgumentException("latencyMillis and jitterMillis must be between 0 and 60000");
		}
		if (errorRate < 0 || errorRate > 1) {
			throw new IllegalArgumentException("errorRate must be between 0 and 1");
		}
		if (throttlePerMinute < 0) {
			throw new IllegalArgumentException("throttlePerMinute must not be negative");
		}
	}

	public boolean inOutage(Instant now) {
		return outageUntil != null && now.isBefore(outageUntil);
	}

}
