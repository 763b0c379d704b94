package dev.ferry.work.internal;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Throttle;
import dev.ferry.system.FerryProperties;
import dev.ferry.work.Throttles;

/**
 * Token buckets in Redis, one per target ({@code throttle:<bucket>}, a hash of tokens, last refill and
 * any lowered rate) plus its pause ({@code throttle:<bucket>:paused}, the epoch millisecond until which
 * nobody may call). Refill and take happen in one Lua script on Redis's clock, so every thread of every
 * process shares one bucket and no process's clock matters.
 */
@Component
class RedisThrottles implements Throttles {

	/** Returns 0 when a token was taken, else how many ms to wait before asking again. */
	private static final RedisScript<Long> TAKE = new DefaultRedisScript<>("""
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
			if paused > now then return paused - now end
			local rate = tonumber(ARGV[1])
			local cap = tonumber(ARGV[2])
			local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'limit', 'limit_until')
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
	 * The target has ARGV[1] calls left until epoch ms ARGV[2]: none left pauses the bucket until then;
	 * fewer than the configured rate (ARGV[3] per ms) would spend lowers the rate until then.
	 */
	private static final RedisScript<Long> OBSERVED = new DefaultRedisScript<>("""
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
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
			if allowed < tonumber(ARGV[3]) then
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

		private final double capacity;

		private final long ttlMs;

		RedisThrottle(String bucket, int perMinute) {
			this.bucket = bucket;
			String key = keys.key("throttle", bucket);
			this.keyPair = List.of(key, key + ":paused");
			this.perMs = perMinute / 60_000.0;
			this.capacity = Math.max(1.0, perMinute / 60.0 * properties.burst());
			// long enough that the bucket is not forgotten (and refilled to full) while it is in use
			this.ttlMs = Math.max(60_000L, (long) (capacity / perMs) * 2);
		}

		@Override
		public void acquire() {
			while (true) {
				Long wait = redis.execute(TAKE, keyPair, Double.toString(perMs), Double.toString(capacity),
						Long.toString(ttlMs));
				if (wait == null || wait <= 0) {
					return;
				}
				try {
					Thread.sleep(Math.min(wait, 1000));
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
		public void observed(long remaining, long resetEpochSecond) {
			redis.execute(OBSERVED, keyPair, Long.toString(remaining), Long.toString(resetEpochSecond * 1000),
					Double.toString(perMs), Long.toString(ttlMs));
		}

		@Override
		public String toString() {
			return "Throttle[" + bucket + "]";
		}

	}

}
