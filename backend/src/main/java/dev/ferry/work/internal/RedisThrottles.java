package dev.ferry.work.internal;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Throttle;
import dev.ferry.connector.Throttled;
import dev.ferry.system.FerryProperties;
import dev.ferry.work.Throttles;

/**
 * Token buckets in Redis, one per target ({@code throttle:<bucket>}, a hash of tokens,
 * last refill and any lowered rate) plus its pause ({@code throttle:<bucket>:paused}, the
 * epoch millisecond until which nobody may call). Refill and take happen in one Lua
 * script on Redis's clock, so every thread of every process shares one bucket and no
 * process's clock matters.
 */
@Component
class RedisThrottles implements Throttles {

	/**
	 * Returns 0 when a token was taken, else how many ms to wait before asking again:
	 * negative while the bucket is paused (a wait the target asked for), positive when
	 * only the rate holds it back. ARGV: the configured rate per ms, the burst in ms of
	 * that rate, the key's time to live. A rate the target reported ('learned') replaces
	 * the configured one; a lowered rate ('limit' until 'limit_until') applies on top.
	 */
	private static final RedisScript<Long> TAKE = new DefaultRedisScript<>("""
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
			if paused > now then return now - paused end
			local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'limit', 'limit_until', 'learned')
			local rate = tonumber(h[5] or ARGV[1])
			local cap = math.max(1, rate * tonumber(ARGV[2]))
			if h[3] and tonumber(h[4] or '0') > now and tonumber(h[3]) < rate then
			  cap = math.max(1, cap * tonumber(h[3]) / rate)
			  rate = tonumber(h[3])
			end
			local tokens = tonumber(h[1] or cap)
			local ts = tonumber(h[2] or now)
			tokens = math.min(cap, tokens + math.max(0, now - ts) * rate)
			local wait = 0
			if tokens >= 1 then
			  tokens = tokens - 1
			else
			  wait = math.ceil((1 - tokens) / rate)
			end
			redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return wait
			""", Long.class);

	private static final RedisScript<Long> PAUSE = new DefaultRedisScript<>("""
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			local untilMs = now + tonumber(ARGV[1])
			local current = tonumber(redis.call('GET', KEYS[1]) or '0')
			if untilMs > current then
			  redis.call('SET', KEYS[1], string.format('%d', untilMs), 'PX', tonumber(ARGV[1]) + 1000)
			end
			return untilMs
			""", Long.class);

	/**
	 * The target allows ARGV[5] calls a minute (0: not said) and has ARGV[1] left until
	 * epoch ms ARGV[2]: a said limit becomes the bucket's rate ('learned'); none left
	 * pauses the bucket until the reset; fewer left than the rate (ARGV[3] per ms, or the
	 * learned one) would spend lowers it until then.
	 */
	private static final RedisScript<Long> OBSERVED = new DefaultRedisScript<>("""
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			local limit = tonumber(ARGV[5])
			local rate = tonumber(ARGV[3])
			if limit > 0 then
			  rate = limit / 60000
			  redis.call('HSET', KEYS[1], 'learned', tostring(rate))
			  redis.call('PEXPIRE', KEYS[1], ARGV[4])
			end
			local reset = tonumber(ARGV[2])
			if reset <= now then return 0 end
			local remaining = tonumber(ARGV[1])
			if remaining <= 0 then
			  local current = tonumber(redis.call('GET', KEYS[2]) or '0')
			  if reset > current then
			    redis.call('SET', KEYS[2], string.format('%d', reset), 'PX', reset - now + 1000)
			  end
			  return 1
			end
			local allowed = remaining / (reset - now)
			if allowed < rate then
			  redis.call('HSET', KEYS[1], 'limit', tostring(allowed), 'limit_until', string.format('%d', reset))
			  redis.call('PEXPIRE', KEYS[1], math.max(reset - now + 1000, tonumber(ARGV[4])))
			  return 2
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final FerryProperties.Redis keys;

	private final WorkProperties properties;

	RedisThrottles(StringRedisTemplate redis, FerryProperties ferry, WorkProperties properties) {
		this.redis = redis;
		this.keys = ferry.redis();
		this.properties = properties;
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

		private final List<String> keyPair;

		private final double perMs;

		private final long burstMs;

		private final long ttlMs;

		RedisThrottle(String bucket, int perMinute) {
			this.bucket = bucket;
			String key = keys.key("throttle", bucket);
			this.keyPair = List.of(key, key + ":paused");
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
				Long answer = redis.execute(TAKE, keyPair, Double.toString(perMs), Long.toString(burstMs),
						Long.toString(ttlMs));
				if (answer == null || answer == 0) {
					return;
				}
				long wait = Math.abs(answer);
				if (wait > single || waited + wait > budget) {
					throw new Throttled(bucket, Duration.ofMillis(Math.max(wait, 100)));
				}
				long slept = Math.min(wait, 1000);
				waited += slept;
				try {
					Thread.sleep(slept);
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
			redis.execute(PAUSE, List.of(keyPair.get(1)), Long.toString(wait.toMillis()));
		}

		@Override
		public void observed(long limit, long remaining, long resetEpochSecond) {
			redis.execute(OBSERVED, keyPair, Long.toString(remaining), Long.toString(resetEpochSecond * 1000),
					Double.toString(perMs), Long.toString(ttlMs), Long.toString(Math.max(0, limit)));
		}

		@Override
		public String toString() {
			return "Throttle[" + bucket + "]";
		}

	}

}
