package dev.ferry.connector;

/**
 * Gives connectors their throttles: one shared bucket per key across every worker of
 * every process (implemented by the work module in Redis).
 */
@FunctionalInterface
public interface ThrottleSource {

	ThrottleSource NONE = (key, perMinute) -> Throttle.NONE;

	/**
	 * @param key the connector's bucket, prefixed with its kind (one account, one org)
	 * @param perMinute the starting rate, until the target reports its own
	 */
	Throttle forKey(String key, int perMinute);

	/**
	 * The part of an address that names one account or org, for a throttle key: host,
	 * port and path (the sandbox serves many from one host).
	 */
	static String addressOf(String url) {
		java.net.URI uri = java.net.URI.create(url);
		return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
				+ (uri.getPath() == null ? "" : uri.getPath());
	}

}
