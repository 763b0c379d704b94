package dev.ferry.sandbox.okta.oidc;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;

/**
 * {@code GET|POST /okta/{org}/oauth2/v1/userinfo} (and
 * {@code /oauth2/{asId}/v1/userinfo}) with an access token the same server issued in the
 * code flow (docs/reference/okta.md §2.3): {@code sub} and the profile, email, address
 * and phone claims its scopes allow. A missing, unknown, expired or revoked token gets
 * 401 with Okta's {@code WWW-Authenticate: Bearer ...}.
 */
@RestController
class UserInfoController {

	private final OidcOrgs orgs;

	private final AuthServers servers;

	private final UserAccessTokens tokens;

	private final IdTokens idTokens;

	UserInfoController(OidcOrgs orgs, AuthServers servers, UserAccessTokens tokens, IdTokens idTokens) {
		this.orgs = orgs;
		this.servers = servers;
		this.tokens = tokens;
		this.idTokens = idTokens;
	}

	@RequestMapping(path = { "/okta/{org}/oauth2/v1/userinfo", "/okta/{org}/oauth2/{asId}/v1/userinfo" },
			method = { RequestMethod.GET, RequestMethod.POST })
	ResponseEntity<Map<String, Object>> userInfo(@PathVariable String org, @PathVariable(required = false) String asId,
			HttpServletRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		AuthServer server = servers.require(org, asId);
		String token = bearer(request);
		if (token == null) {
			return unauthorized(request, server, "invalid_request", "The access token is missing.");
		}
		Optional<UserAccessTokens.Grant> grant = tokens.find(server, token);
		if (grant.isEmpty()) {
			return unauthorized(request, server, "invalid_token", "The access token is invalid.");
		}
		if (!grant.get().scopes().contains("openid")) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN)
				.header(HttpHeaders.WWW_AUTHENTICATE, challenge(request, server, "insufficient_scope",
						"The access token must provide access to at least one of these scopes - profile, email, address or phone"))
				.build();
		}
		Optional<OktaUser> user = oktaOrg.user(grant.get().userId()).filter(OktaUser::maySignIn);
		if (user.isEmpty()) {
			return unauthorized(request, server, "invalid_token", "The access token is invalid.");
		}
		return ResponseEntity.ok()
			.headers(TokenController.noStore())
			.body(idTokens.userInfo(user.get(), grant.get().scopes()));
	}

	/**
	 * RFC 6750: the Authorization header, or (POST only) a form {@code access_token}; not
	 * both.
	 */
	private static String bearer(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return header.substring(7).trim();
		}
		if ("POST".equals(request.getMethod()) && request.getContentType() != null
				&& request.getContentType().startsWith("application/x-www-form-urlencoded")) {
			String[] values = request.getParameterValues("access_token");
			return values != null && values.length == 1 ? values[0] : null;
		}
		return null;
	}

	private static ResponseEntity<Map<String, Object>> unauthorized(HttpServletRequest request, AuthServer server,
			String error, String description) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, challenge(request, server, error, description))
			.build();
	}

	private static String challenge(HttpServletRequest request, AuthServer server, String error, String description) {
		return "Bearer authorization_uri=\"" + server.endpoint(request, "authorize") + "\", realm=\""
				+ server.issuer(request) + "\", scope=\"openid\", error=\"" + error + "\", error_description=\""
				+ description + "\", resource=\"" + server.endpointPath("userinfo") + "\"";
	}

}
