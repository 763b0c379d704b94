package dev.ferry.sandbox.okta.oidc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.okta.OktaOrg;

/**
 * {@code POST /okta/{org}/oauth2/v1/introspect} and {@code /revoke} (and the same under
 * {@code /oauth2/{asId}/v1/}) for the access tokens of the code flow, each server for its
 * own tokens. The calling app authenticates as at the token endpoint and sees only its
 * own tokens: anything else introspects as {@code {"active":false}} and revokes silently
 * (RFC 7662, RFC 7009).
 */
@RestController
class RevocationController {

	private final OidcOrgs orgs;

	private final AuthServers servers;

	private final ClientAuthenticator authenticator;

	private final UserAccessTokens tokens;

	RevocationController(OidcOrgs orgs, AuthServers servers, ClientAuthenticator authenticator,
			UserAccessTokens tokens) {
		this.orgs = orgs;
		this.servers = servers;
		this.authenticator = authenticator;
		this.tokens = tokens;
	}

	@PostMapping({ "/okta/{org}/oauth2/v1/introspect", "/okta/{org}/oauth2/{asId}/v1/introspect" })
	ResponseEntity<Map<String, Object>> introspect(@PathVariable String org,
			@PathVariable(required = false) String asId, HttpServletRequest request) {
		AuthServer server = servers.require(org, asId);
		Optional<UserAccessTokens.Grant> grant = ownToken(server, request, "introspect");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("active", grant.isPresent());
		grant.ifPresent(found -> {
			OktaOrg oktaOrg = orgs.require(org);
			body.put("scope", String.join(" ", found.scopes()));
			oktaOrg.user(found.userId()).ifPresent(user -> body.put("username", user.login()));
			body.put("exp", found.expiresAt().getEpochSecond());
			body.put("iat", found.expiresAt().minus(UserAccessTokens.LIFETIME).getEpochSecond());
			body.put("sub", oktaOrg.user(found.userId()).map(user -> user.login()).orElse(found.userId()));
			// A custom server's tokens are for its audience; the org server's for Okta.
			body.put("aud", server.isOrgServer() ? server.issuer(request) : server.audience());
			body.put("iss", server.issuer(request));
			body.put("token_type", "Bearer");
			body.put("client_id", found.clientId());
			body.put("uid", found.userId());
		});
		return ResponseEntity.ok().headers(TokenController.noStore()).body(body);
	}

	@PostMapping({ "/okta/{org}/oauth2/v1/revoke", "/okta/{org}/oauth2/{asId}/v1/revoke" })
	ResponseEntity<Void> revoke(@PathVariable String org, @PathVariable(required = false) String asId,
			HttpServletRequest request) {
		ownToken(servers.require(org, asId), request, "revoke").ifPresent(grant -> tokens.revoke(grant.token()));
		return ResponseEntity.ok().headers(TokenController.noStore()).build();
	}

	private Optional<UserAccessTokens.Grant> ownToken(AuthServer server, HttpServletRequest request, String endpoint) {
		OktaOrg oktaOrg = orgs.require(server.org());
		TokenController.requireForm(request);
		ClientAuthenticator.Authenticated client = authenticator.authenticate(oktaOrg, request,
				server.endpoint(request, endpoint));
		String token = OAuthResponses.single(request, "token");
		if (token == null) {
			throw OidcException.invalidRequest("The 'token' parameter is required.");
		}
		return tokens.find(server, token).filter(grant -> grant.clientId().equals(client.clientId()));
	}

}
