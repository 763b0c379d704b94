package dev.ferry.okta;

import java.util.Locale;

/**
 * Okta's rate limits are per bucket, a method and path family (docs/reference/okta.md
 * §7), each with its own per-minute quota and its own {@code X-Rate-Limit-*} headers.
 * Ferry paces each bucket separately, so a reconcile paging through
 * {@code /apps/{id}/users} does not slow the {@code GET /users/{id}} reads that carry a
 * profile change to ShareFile, and the headers of one bucket never throttle another. (A
 * person's assignment check, {@code GET /apps/{id}/users/{uid}}, is counted by Okta in
 * the apps bucket too.)
 *
 * <p>
 * The rates here are the last published Workforce quotas: a starting point only. The
 * first answer from Okta says the org's real limit for the bucket
 * ({@code X-Rate-Limit-Limit}), and the throttle follows it from then on (orgs with
 * raised limits go faster, Integrator Free orgs slower).
 */
public enum OktaRateBucket {

	/** GET or POST {@code /api/v1/users}. */
	USERS(600),

	/** GET {@code /api/v1/users/{id}} (and what lies below it). */
	USER_READ(2000),

	/**
	 * POST, PUT or DELETE {@code /api/v1/users/{id}} (and lifecycle operations below it).
	 */
	USER_WRITE(600),

	/** {@code /api/v1/groups}. */
	GROUPS(500),

	/** {@code /api/v1/groups/{id}} and below. */
	GROUP(1000),

	/**
	 * {@code /api/v1/apps} and {@code /api/v1/apps/*} (e.g. {@code /apps/{id}/users}).
	 */
	APPS(100),

	/** {@code /api/v1/apps/{id}} itself. */
	APP(500),

	/** {@code /api/v1/logs}. */
	LOGS(120),

	/** Everything else: event and inline hooks, tokens. */
	OTHER(1200);

	private final int perMinute;

	OktaRateBucket(int perMinute) {
		this.perMinute = perMinute;
	}

	/** The published quota, used until Okta reports the org's own. */
	public int perMinute() {
		return perMinute;
	}

	/** A short stable name, e.g. for a throttle's key. */
	public String key() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The bucket Okta counts a request in. {@code path} may carry a query (ignored) and a
	 * prefix before {@code /api/v1/} (an org URL with a path, as the sandbox serves many
	 * orgs from one host).
	 */
	public static OktaRateBucket of(String method, String path) {
		int query = path.indexOf('?');
		String bare = (query >= 0 ? path.substring(0, query) : path).replaceAll("/+$", "");
		int api = bare.indexOf("/api/v1/");
		if (api < 0) {
			return OTHER;
		}
		// "", "api", "v1", resource, id, ...
		String[] parts = bare.substring(api).split("/");
		boolean read = "GET".equalsIgnoreCase(method);
		return switch (parts[3]) {
			case "users" -> parts.length == 4 ? USERS : read ? USER_READ : USER_WRITE;
			case "groups" -> parts.length == 4 ? GROUPS : GROUP;
			case "apps" -> parts.length == 5 ? APP : APPS;
			case "logs" -> LOGS;
			default -> OTHER;
		};
	}

}
