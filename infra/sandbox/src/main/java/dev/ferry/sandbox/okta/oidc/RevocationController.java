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
 * {@code POST /okta/{org}/oauth2/v1/introspect} and {@code /revoke} for the access tokens
 * of the code flow. The calling app authenticates as at the token endpoint and sees only
 * its own tokens: anything else introspects as {@code {"active":false}} and revokes
 * silently (RFC 7662, RFC 7009).
 */
@RestController
class RevocationController {

	private final OidcOrgs orgs;

	private final ClientAuthenticator authenticator;

	private final UserAccessTokens tokens;

	RevocationController(OidcOrgs orgs, ClientAuthenticator authenticator, UserAccessTokens tokens) {
		this.orgs = orgs;
		this.authenticator = authenticator;
		this.tokens = tokens;
	}

	@PostMapping("/okta/{org}/oauth2/v1/introspect")
	ResponseEntity<Map<String, Object>> introspect(@PathVariable String org, HttpServletRequest request) {
		Optional<UserAccessTokens.Grant> grant = ownToken(org, request, "introspect");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("active", grant.isPresent());
		grant.ifPresent(found -> {
			OktaOrg oktaOrg = orgs.require(org);
			body.put("scope", String.join(" ", found.scopes()));
			oktaOrg.user(found.userId()).ifPresent(user -> body.put("username", user.login()));
			body.put("exp", found.expiresAt().getEpochSecond());
			body.put("iat", found.expiresAt().minus(UserAccessTokens.LIFETIME).getEpochSecond());
			body.put("sub", oktaOrg.user(found.userId()).map(user -> user.login()).orElse(found.userId()));
			body.put("aud", OrgUrls.orgUrl(request, org));
			body.put("iss", OrgUrls.orgUrl(request, org));
			body.put("token_type", "Bearer");
			body.put("client_id", found.clientId());
			body.put("uid", found.userId());
		});
		return ResponseEntity.ok().headers(TokenController.noStore()).body(body);
	}

	@PostMapping("/okta/{org}/oauth2/v1/revoke")
	ResponseEntity<Void> revoke(@PathVariable String org, HttpServletRequest request) {
		ownToken(org, request, "revoke").ifPresent(grant -> tokens.revoke(grant.token()));
		return ResponseEntity.ok().headers(TokenController.noStore()).build();
	}

	private Optional<UserAccessTokens.Grant> ownToken(String org, HttpServletRequest request, String endpoint) {
		OktaOrg oktaOrg = orgs.require(org);
		TokenController.requireForm(request);
		ClientAuthenticator.Authenticated client = authenticator.authenticate(oktaOrg, request,
				OrgUrls.endpoint(request, org, endpoint));
		String token = OAuthResponses.single(request, "token");
		if (token == null) {
			throw OidcException.invalidRequest("The 'token' parameter is required.");
		}
		return tokens.find(org, token).filter(grant -> grant.clientId().equals(client.clientId()));
	}

}
