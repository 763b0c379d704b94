package dev.ferry.work.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Throttle;
import dev.ferry.connector.Throttled;
import dev.ferry.system.FerryProperties;
import dev.ferry.work.Throttles;

/**
 * Token buckets in Redis, one per target ({@code throttle:<bucket>}, a hash of tokens,
 * last refill, any lowered or learned rate, and the epoch millisecond until which nobody
 * may call). Refill and take happen in one Lua script
 * ({@code resources/throttles/*.lua}), so every thread of every process shares one
 * bucket. Each script touches the bucket's one key only, so on Redis Cluster it runs on
 * whichever node holds that key, and buckets spread over the nodes.
 *
 * <p>
 * "Now" comes from the application's {@link Clock}, passed to each script, rather than
 * from Redis's own clock: that lets tests drive time (ThrottlesIT). Processes' clocks
 * agree closely enough for pacing (NTP), and the take script never moves a bucket's last
 * refill back, so a process whose clock runs behind cannot refill the same time twice.
 */
@Component
class RedisThrottles implements Throttles {

	private static final RedisScript<Long> TAKE = script("take");

	private static final RedisScript<Long> PAUSE = script("pause");

	private static final RedisScript<Long> OBSERVED = script("observed");

	private static RedisScript<Long> script(String name) {
		return RedisScript.of(new ClassPathResource("throttles/" + name + ".lua"), Long.class);
	}

	/** How {@code acquire} waits: {@link Thread#sleep(Duration)}, or a test's clock. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	private final StringRedisTemplate redis;

	private final FerryProperties.Redis keys;

	private final WorkProperties properties;

	private final Clock clock;

	private final Sleeper sleeper;

	/** Null where a test drives time and counts for itself. */
	private final WorkMetrics metrics;

	@Autowired
	RedisThrottles(StringRedisTemplate redis, FerryProperties ferry, WorkProperties properties, Clock clock,
			WorkMetrics metrics) {
		this(redis, ferry, properties, clock, Thread::sleep, metrics);
	}

	RedisThrottles(StringRedisTemplate redis, FerryProperties ferry, WorkProperties properties, Clock clock,
			Sleeper sleeper) {
		this(redis, ferry, properties, clock, sleeper, null);
	}

	private RedisThrottles(StringRedisTemplate redis, FerryProperties ferry, WorkProperties properties, Clock clock,
			Sleeper sleeper, WorkMetrics metrics) {
		this.metrics = metrics;
		this.redis = redis;
		this.keys = ferry.redis();
		this.properties = properties;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	private String now() {
		return Long.toString(clock.millis());
	}

	@Override
	public Throttle forTarget(String bucket, int perMinute) {
		if (bucket == null || bucket.isBlank()) {
			throw new IllegalArgumentException("A throttle needs a bucket name");
		}
		if (perMinute <= 0) {
			throw new IllegalArgumentException("A throttle's rate must be positive: " + perMinute);
		}
		return new RedisThrottle(bucket, perMinute);
	}

	private final class RedisThrottle implements Throttle {

		private final String bucket;

		private final List<String> key;

		private final double perMs;

		private final long burstMs;

		private final long ttlMs;

		RedisThrottle(String bucket, int perMinute) {
			this.bucket = bucket;
			this.key = List.of(keys.key("throttle", bucket));
			this.perMs = perMinute / 60_000.0;
			this.burstMs = properties.burst() * 1000L;
			// long enough that the bucket (and a rate it learned) is not forgotten while
			// it is in use
			this.ttlMs = Math.max(120_000L, burstMs * 2);
		}

		/**
		 * Waits for a token as long as each wait the bucket asks for is short (at most
		 * {@code throttle-max-wait}) and all of them together stay under five times that.
		 * A longer wait — a pause the target asked for, a rate far below demand, or a
		 * thread that keeps losing the race for tokens — is thrown as {@link Throttled},
		 * so the caller defers the work and the thread serves someone else meanwhile.
		 */
		@Override
		public void acquire() {
			long single = properties.throttleMaxWait().toMillis();
			long budget = single * 5;
			long waited = 0;
			while (true) {
				Long answer = redis.execute(TAKE, key, Double.toString(perMs), Long.toString(burstMs),
						Long.toString(ttlMs), now());
				if (answer == null || answer == 0) {
					if (waited > 0 && metrics != null) {
						metrics.throttleWaited(bucket, waited);
					}
					return;
				}
				long wait = Math.abs(answer);
				if (wait > single || waited + wait > budget) {
					if (metrics != null) {
						if (waited > 0) {
							metrics.throttleWaited(bucket, waited);
						}
						metrics.throttleDeferred(bucket);
					}
					throw new Throttled(bucket, Duration.ofMillis(Math.max(wait, 100)));
				}
				long slept = Math.min(wait, 1000);
				waited += slept;
				try {
					sleeper.sleep(Duration.ofMillis(slept));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new ConnectorException(ConnectorException.Kind.RETRYABLE,
							"Interrupted while waiting for the rate limit of " + bucket, 0, null, null);
				}
			}
		}

		@Override
		public void slowDown(Duration wait) {
			if (wait == null || wait.isNegative() || wait.isZero()) {
				return;
			}
			redis.execute(PAUSE, key, Long.toString(wait.toMillis()), now());
		}

		@Override
		public void observed(long limit, long remaining, long resetEpochSecond) {
			redis.execute(OBSERVED, key, Long.toString(remaining), Long.toString(resetEpochSecond * 1000),
					Double.toString(perMs), Long.toString(ttlMs), Long.toString(Math.max(0, limit)), now());
		}

		@Override
		public String toString() {
			return "Throttle[" + bucket + "]";
		}

	}

}
