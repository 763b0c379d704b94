package dev.ferry.sandbox.okta.scim;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.sandbox.scim.ScimCallLog;

/**
 * What one org's Okta keeps about its SCIM apps: per app, which Okta person and group is
 * which SCIM resource (Okta links an app user to the service's {@code id} and uses it for
 * every later request), which groups are pushed, the log of SCIM calls, and how much work
 * is still queued.
 */
public class OktaScimState {

	private final Map<String, AppLinks> apps = new ConcurrentHashMap<>();

	private final ScimCallLog log = new ScimCallLog();

	private final AtomicInteger pending = new AtomicInteger();

	public AppLinks app(String appId) {
		return apps.computeIfAbsent(appId, key -> new AppLinks());
	}

	public ScimCallLog log() {
		return log;
	}

	public AtomicInteger pending() {
		return pending;
	}

	/**
	 * One app's links. Linking a person and reading the pushed groups (or linking a group
	 * and reading its linked members) happen under the same lock, so a person created
	 * while their group is being pushed ends up a member either way.
	 */
	public static final class AppLinks {

		/** Okta user id → SCIM id. */
		final Map<String, String> users = new ConcurrentHashMap<>();

		/** Okta group id → SCIM id (absent while the push is queued). */
		final Map<String, String> groups = new ConcurrentHashMap<>();

		/** Okta group ids pushed to the app (Push Groups). */
		final Set<String> pushed = ConcurrentHashMap.newKeySet();

		public Map<String, String> users() {
			return Map.copyOf(users);
		}

		public Map<String, String> groups() {
			return Map.copyOf(groups);
		}

		public Set<String> pushed() {
			return Set.copyOf(pushed);
		}

	}

}
