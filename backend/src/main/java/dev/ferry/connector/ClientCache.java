package dev.ferry.connector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Clients kept per connection settings, so a token (8 hours in ShareFile, 1 hour for an
 * Okta service app) is reused by every job of a connection instead of requested again for
 * each person's change — on the real services a token request is a rate-limited, slow
 * call. Changed settings (a rotated password) are a different key, so they get a new
 * client. Bounded: past {@code max} connections the cache starts afresh, and tokens are
 * simply requested again.
 */
public final class ClientCache<K, V> {

	private final int max;

	private final Map<K, V> clients = new ConcurrentHashMap<>();

	public ClientCache(int max) {
		this.max = max;
	}

	public V get(K settings, Function<K, V> create) {
		if (clients.size() >= max && !clients.containsKey(settings)) {
			clients.clear();
		}
		return clients.computeIfAbsent(settings, create);
	}

}
