package dev.ferry.sandbox.okta.api;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * One org's management-API rate limits (docs/reference/okta.md §7): a per-minute window
 * per bucket, started by the bucket's first request (not aligned to the clock), limits
 * from the last published table's Workforce column unless the control API overrides them.
 */
public class RateLimits {

	/** The buckets, matched most specific first (see {@link #bucket}). */
	public enum Bucket {

		USERS("GET or POST /api/v1/users", 600), USER_GET("GET /api/v1/users/{idOrLogin}", 2000),
		USER_WRITE("POST, PUT or DELETE /api/v1/users/{id}", 600), GROUPS("/api/v1/groups", 500),
		GROUP("/api/v1/groups/{id}", 1000), APPS("/api/v1/apps and /api/v1/apps/*", 100), APP("/api/v1/apps/{id}", 500),
		LOGS("/api/v1/logs", 120), OTHER("other /api/v1", 1200);

		private final String description;

		private final int defaultLimit;

		Bucket(String description, int defaultLimit) {
			this.description = description;
			this.defaultLimit = defaultLimit;
		}

		public String description() {
			return description;
		}

		public int defaultLimit() {
			return defaultLimit;
		}

		/** Names used by the control API: {@code users}, {@code user_get}, ... */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Bucket fromKey(String key) {
			for (Bucket bucket : values()) {
				if (bucket.key().equalsIgnoreCase(key)) {
					return bucket;
				}
			}
			throw new IllegalArgumentException("Unknown rate-limit bucket: " + key);
		}

	}

	/**
	 * @param allowed false when the request is over the limit (answer 429 E0000047)
	 * @param resetEpochSecond when the bucket's window ends
	 */
	public record Decision(boolean allowed, int limit, int remaining, long resetEpochSecond) {
	}

	private final Map<Bucket, Integer> limits = new EnumMap<>(Bucket.class);

	private final Map<Bucket, long[]> windows = new EnumMap<>(Bucket.class);

	public synchronized Map<String, Integer> limits() {
		Map<String, Integer> result = new java.util.LinkedHashMap<>();
		for (Bucket bucket : Bucket.values()) {
			result.put(bucket.key(), limit(bucket));
		}
		return result;
	}

	public synchronized int limit(Bucket bucket) {
		return limits.getOrDefault(bucket, bucket.defaultLimit());
	}

	/** Overrides one bucket's limit and starts its window afresh. */
	public synchronized void limit(Bucket bucket, int perMinute) {
		if (perMinute < 0) {
			throw new IllegalArgumentException("A rate limit must not be negative");
		}
		limits.put(bucket, perMinute);
		windows.remove(bucket);
	}

	public synchronized void resetToDefaults() {
		limits.clear();
		windows.clear();
	}

	/** Counts one request against its bucket. */
	public synchronized Decision consume(Bucket bucket, long nowMillis) {
		int limit = limit(bucket);
		long[] window = windows.get(bucket);
		if (window == null || nowMillis >= window[0] + 60_000) {
			window = new long[] { nowMillis, 0 };
			windows.put(bucket, window);
		}
		long reset = (window[0] + 60_000 + 999) / 1000;
		if (window[1] >= limit) {
			return new Decision(false, limit, 0, reset);
		}
		window[1]++;
		return new Decision(true, limit, (int) (limit - window[1]), reset);
	}

	/**
	 * The bucket of a request; {@code path} is below {@code /api/v1}, e.g.
	 * {@code /users/00u1/lifecycle/suspend}.
	 */
	public static Bucket bucket(String method, String path) {
		String[] segments = path.replaceAll("^/+|/+$", "").split("/");
		int depth = segments.length;
		return switch (segments[0]) {
			case "users" -> depth == 1 ? ("GET".equals(method) || "POST".equals(method) ? Bucket.USERS : Bucket.OTHER)
					: "GET".equals(method) ? Bucket.USER_GET : Bucket.USER_WRITE;
			case "groups" -> depth == 1 ? Bucket.GROUPS : Bucket.GROUP;
			case "apps" -> depth == 2 ? Bucket.APP : Bucket.APPS;
			case "logs" -> Bucket.LOGS;
			default -> Bucket.OTHER;
		};
	}

}
