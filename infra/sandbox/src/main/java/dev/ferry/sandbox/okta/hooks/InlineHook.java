package dev.ferry.sandbox.okta.hooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered inline hook (docs/reference/okta.md §4.4); the sandbox calls only the
 * password-import type ({@code com.okta.user.credential.password.import}, one per org).
 * The auth value is write-only.
 */
public record InlineHook(String id, String name, String type, String version, String status, String uri,
		List<Map<String, String>> headers, Map<String, String> authScheme, Instant created, Instant lastUpdated) {

	public static final String PASSWORD_IMPORT = "com.okta.user.credential.password.import";

	public InlineHook withStatus(String newStatus, Instant at) {
		return new InlineHook(id, name, type, version, newStatus, uri, headers, authScheme, created, at);
	}

}
