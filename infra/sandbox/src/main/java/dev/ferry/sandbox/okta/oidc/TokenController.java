package dev.ferry.sandbox.okta.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.okta.OidcClient;
import dev.ferry.sandbox.okta.OktaAccessTokens;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.ServiceApp;

/**
 * {@code POST /okta/{org}/oauth2/v1/token} and {@code /okta/{org}/oauth2/{asId}/v1/token}
 * (docs/reference/okta.md §2.2, §3.2): the authorization code grant for OIDC web apps
 * (client secret, or private_key_jwt when the app is configured for it; PKCE when a
 * challenge was sent; a code is good only at the server that issued it) and, at the org
 * server, the client credentials grant for service apps (private_key_jwt, granted Okta
 * API scopes only).
 */
@RestController
class TokenController {

	static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

	private static final Set<String> KNOWN_GRANTS = Set.of("authorization_code", "client_credentials", "refresh_token",
			"password", "implicit", "urn:ietf:params:oauth:grant-type:device_code",
			"urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:token-exchange",
			"urn:ietf:params:oauth:grant-type:saml2-bearer");

	private final OidcOrgs orgs;

	private final AuthServers servers;

	private final ClientAuthenticator authenticator;

	private final AuthorizationCodes codes;

	private final UserAccessTokens userTokens;

	private final OktaAccessTokens managementTokens;

	private final IdTokens idTokens;

	TokenController(OidcOrgs orgs, AuthServers servers, ClientAuthenticator authenticator, AuthorizationCodes codes,
			UserAccessTokens userTokens, OktaAccessTokens managementTokens, IdTokens idTokens) {
		this.orgs = orgs;
		this.servers = servers;
		this.authenticator = authenticator;
		this.codes = codes;
		this.userTokens = userTokens;
		this.managementTokens = managementTokens;
		this.idTokens = idTokens;
	}

	@PostMapping({ "/okta/{org}/oauth2/v1/token", "/okta/{org}/oauth2/{asId}/v1/token" })
	ResponseEntity<Map<String, Object>> token(@PathVariable String org, @PathVariable(required = false) String asId,
			HttpServletRequest request) {
		OktaOrg oktaOrg = orgs.require(org);
		AuthServer server = servers.require(org, asId);
		requireForm(request);
		String grantType = OAuthResponses.single(request, "grant_type");
		if (grantType == null) {
			throw OidcException.invalidRequest("The 'grant_type' parameter is required.");
		}
		if (!KNOWN_GRANTS.contains(grantType)) {
			throw new OidcException("unsupported_grant_type",
					"The authorization grant type is not supported by the authorization server.");
		}
		String tokenUrl = server.endpoint(request, "token");
		ClientAuthenticator.Authenticated client = authenticator.authenticate(oktaOrg, request, tokenUrl);
		Map<String, Object> body;
		if (client.oidcClient() != null && "authorization_code".equals(grantType)) {
			body = authorizationCode(oktaOrg, server, client.oidcClient(), request);
		}
		else if (client.serviceApp() != null && "client_credentials".equals(grantType)) {
			body = clientCredentials(oktaOrg, server, client.serviceApp(), request);
		}
		else {
			throw new OidcException("unauthorized_client",
					"The client is not authorized to use the provided grant type. Configured grant types: ["
							+ (client.oidcClient() != null ? "authorization_code" : "client_credentials") + "].");
		}
		return ResponseEntity.ok().headers(noStore()).body(body);
	}

	private Map<String, Object> authorizationCode(OktaOrg org, AuthServer server, OidcClient client,
			HttpServletRequest request) {
		String code = OAuthResponses.single(request, "code");
		String redirectUri = OAuthResponses.single(request, "redirect_uri");
		String verifier = OAuthResponses.single(request, "code_verifier");
		if (code == null) {
			throw OidcException.invalidRequest("The 'code' parameter is required.");
		}
		AuthorizationCodes.Redemption redemption = codes.redeem(code)
			.orElseThrow(() -> OidcException.invalidGrant("The authorization code is invalid or has expired."));
		AuthorizationCodes.Code issued = redemption.code();
		AuthorizeRequest authorize = issued.request();
		if (redemption.replayed()) {
			userTokens.revokeIssuedFor(code);
			throw OidcException.invalidGrant("The authorization code is invalid or has expired.");
		}
		if (redemption.expired() || !server.sameServer(authorize.org(), authorize.authServerId())
				|| !authorize.clientId().equals(client.clientId())) {
			throw OidcException.invalidGrant("The authorization code is invalid or has expired.");
		}
		if (!authorize.redirectUri().equals(redirectUri)) {
			throw OidcException.invalidGrant(
					"The 'redirect_uri' does not match the redirection URI used in the authorization request.");
		}
		checkPkce(authorize.codeChallenge(), verifier);
		OktaUser user = org.user(issued.userId())
			.filter(OktaUser::maySignIn)
			.orElseThrow(() -> OidcException.invalidGrant("The user is not active."));
		UserAccessTokens.Grant access = userTokens.issue(server, client.clientId(), user.id(), authorize.scopes(),
				code);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token_type", "Bearer");
		body.put("expires_in", UserAccessTokens.LIFETIME.toSeconds());
		body.put("access_token", access.token());
		body.put("scope", authorize.scope());
		// Without openid (possible at a custom server only) there is no ID token.
		if (authorize.scopes().contains("openid")) {
			body.put("id_token", idTokens.mint(server.issuer(request), server, org, client, user, authorize.scopes(),
					authorize.nonce(), issued.authTime(), access.token()));
		}
		return body;
	}

	private static void checkPkce(String challenge, String verifier) {
		if (challenge == null) {
			if (verifier != null) {
				throw OidcException.invalidGrant(
						"PKCE verification failed: a 'code_verifier' was sent but the authorization request had no 'code_challenge'.");
			}
			return;
		}
		if (verifier == null) {
			throw OidcException.invalidGrant("PKCE verification failed: the 'code_verifier' parameter is required.");
		}
		if (!VERIFIER.matcher(verifier).matches()) {
			throw OidcException
				.invalidGrant("PKCE verification failed: the 'code_verifier' must be 43 to 128 unreserved characters.");
		}
		if (!MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
				challenge.getBytes(StandardCharsets.US_ASCII))) {
			throw OidcException.invalidGrant("PKCE verification failed.");
		}
	}

	static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Map<String, Object> clientCredentials(OktaOrg org, AuthServer server, ServiceApp app,
			HttpServletRequest request) {
		String scope = OAuthResponses.single(request, "scope");
		if (scope == null || scope.isBlank()) {
			throw OidcException.invalidScope(
					"The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
		}
		Set<String> scopes = new LinkedHashSet<>(List.of(scope.trim().split(" +")));
		if (scopes.stream().anyMatch(AuthServer.OIDC_SCOPES::contains)) {
			throw OidcException.invalidScope("Client Credentials requests cannot contain OpenID scopes.");
		}
		if (!server.isOrgServer()) {
			// Okta API scopes (okta.*) exist on the org server only; custom API scopes
			// and their access tokens are not emulated.
			throw OidcException
				.invalidScope("One or more scopes are not configured for the authorization server resource.");
		}
		if (!app.grantedScopes().containsAll(scopes)) {
			throw OidcException.invalidScope("The requested scope is invalid, unknown, or malformed.");
		}
		OktaAccessTokens.Grant grant = managementTokens.issue(org.name(), app.clientId(), scopes);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token_type", "Bearer");
		body.put("expires_in", OktaAccessTokens.LIFETIME.toSeconds());
		body.put("access_token", grant.token());
		body.put("scope", String.join(" ", scopes));
		return body;
	}

	static void requireForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null
				|| !MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType))) {
			throw OidcException.invalidRequest("The request must be sent as application/x-www-form-urlencoded.");
		}
	}

	static HttpHeaders noStore() {
		HttpHeaders headers = new HttpHeaders();
		headers.setCacheControl("no-store");
		headers.setPragma("no-cache");
		return headers;
	}

}
