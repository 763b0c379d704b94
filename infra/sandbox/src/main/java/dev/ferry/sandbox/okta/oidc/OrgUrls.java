package dev.ferry.sandbox.okta.oidc;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * An org's base URL as the caller sees it: {@code {scheme}://{host}:{port}/okta/{org}}.
 * It is the org server's issuer and the base of every custom server's
 * ({@link AuthServer#issuer}), so it must equal exactly what the client used, whichever
 * host name and port that was.
 */
final class OrgUrls {

	private OrgUrls() {
	}

	static String orgUrl(HttpServletRequest request, String org) {
		return ServletUriComponentsBuilder.fromContextPath(request)
			.replaceQuery(null)
			.path("/okta/")
			.path(org)
			.build()
			.toUriString();
	}

	/** The path (no host) under which an org's cookies live: {@code /okta/{org}}. */
	static String cookiePath(HttpServletRequest request, String org) {
		return request.getContextPath() + "/okta/" + org;
	}

}
