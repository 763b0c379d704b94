package dev.ferry.sandbox.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

/**
 * The fault settings of every org and account, changeable at run time through the control
 * API.
 */
@Component
public class Faults {

	private final Map<TargetId, FaultSettings> settings = new ConcurrentHashMap<>();

	private final Map<TargetId, Deque<Long>> recentRequests = new ConcurrentHashMap<>();

	private final Clock clock;

	public Faults(Clock clock) {
		this.clock = clock;
	}

	public FaultSettings get(TargetId target) {
		return settings.getOrDefault(target, FaultSettings.NONE);
	}

	public void set(TargetId target, FaultSettings faults) {
		settings.put(target, faults);
		recentRequests.remove(target);
	}

	public void clearAll() {
		settings.clear();
		recentRequests.clear();
	}

	/** What to do with the next request for a target; counts it against the throttle. */
	public Decision decide(TargetId target) {
		return decide(target, "POST");
	}

	/** As {@link #decide(TargetId)}, for a request of this HTTP method. */
	public Decision decide(TargetId target, String method) {
		FaultSettings faults = get(target);
		Instant now = clock.instant();
		if (faults.writesOnly() && ("GET".equals(method) || "HEAD".equals(method))) {
			long delay = faults.latencyMillis()
					+ (faults.jitterMillis() > 0 ? ThreadLocalRandom.current().nextLong(faults.jitterMillis() + 1) : 0);
			return Decision.serve(delay);
		}
		if (faults.inOutage(now)) {
			return Decision.outage(faults.outageUntil().getEpochSecond() - now.getEpochSecond() + 1);
		}
		if (faults.throttlePerMinute() > 0) {
			long retryAfter = admit(target, faults.throttlePerMinute(), now.toEpochMilli());
			if (retryAfter > 0) {
				return Decision.throttled(retryAfter);
			}
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long delay = faults.latencyMillis()
				+ (faults.jitterMillis() > 0 ? random.nextLong(faults.jitterMillis() + 1) : 0);
		if (faults.errorRate() > 0 && random.nextDouble() < faults.errorRate()) {
			return Decision.error(random.nextBoolean() ? 500 : 503, delay);
		}
		return Decision.serve(delay);
	}

	/**
	 * A rolling one-minute window: admits the request and returns 0, or returns the
	 * seconds until the oldest counted request leaves the window.
	 */
	private long admit(TargetId target, int perMinute, long nowMillis) {
		Deque<Long> window = recentRequests.computeIfAbsent(target, key -> new ArrayDeque<>());
		synchronized (window) {
			while (!window.isEmpty() && window.peekFirst() <= nowMillis - 60_000) {
				window.pollFirst();
			}
			if (window.size() >= perMinute) {
				long freesAt = window.peekFirst() + 60_000;
				return Math.max(1, (freesAt - nowMillis + 999) / 1000);
			}
			window.addLast(nowMillis);
			return 0;
		}
	}

	/**
	 * @param status 0 to serve normally, otherwise the status to answer with
	 * @param delayMillis how long to wait first
	 * @param retryAfterSeconds for throttling and outages
	 */
	public record Decision(int status, long delayMillis, long retryAfterSeconds) {

		static Decision serve(long delay) {
			return new Decision(0, delay, 0);
		}

		static Decision error(int status, long delay) {
			return new Decision(status, delay, 0);
		}

		static Decision throttled(long retryAfter) {
			return new Decision(429, 0, retryAfter);
		}

		static Decision outage(long retryAfter) {
			return new Decision(503, 0, retryAfter);
		}

		public boolean serves() {
			return status == 0;
		}

	}

}
