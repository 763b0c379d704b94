package dev.ferry.sandbox.okta.oidc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.OidcClient;
import dev.ferry.sandbox.okta.OktaOrg;

/**
 * Checks an {@code /authorize} request the way Okta's authorization servers do
 * (docs/reference/okta.md §2.2): the scopes against the addressed server's own list.
 * Errors about the client or the redirect URI cannot be sent to the client and become an
 * error page ({@link Unredirectable}); every later error is sent back to the redirect URI
 * ({@link Redirectable}).
 */
@Component
class AuthorizeRequestParser {

	private static final Set<String> RESPONSE_MODES = Set.of("query", "fragment", "form_post");

	private static final Set<String> PROMPTS = Set.of("none", "login", "consent");

	/** RFC 7636 §4.2: BASE64URL(SHA-256(verifier)) is always 43 characters. */
	private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

	AuthorizeRequest parse(OktaOrg org, AuthServer server, HttpServletRequest request) {
		String clientId;
		String redirectUri;
		try {
			clientId = OAuthResponses.single(request, "client_id");
			redirectUri = OAuthResponses.single(request, "redirect_uri");
		}
		catch (OidcException ex) {
			throw new Unredirectable(ex.error(), ex.description());
		}
		if (clientId == null) {
			throw new Unredirectable("invalid_request", "The 'client_id' parameter is required.");
		}
		OidcClient client = org.oidcClient(clientId)
			.orElseThrow(() -> new Unredirectable("invalid_client", "Invalid value for 'client_id' parameter."));
		if (redirectUri == null) {
			throw new Unredirectable("invalid_request", "The 'redirect_uri' parameter is required.");
		}
		if (!client.redirectUris().contains(redirectUri)) {
			throw new Unredirectable("invalid_request",
					"The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.");
		}
		String state = null;
		String responseMode = "query";
		try {
			state = OAuthResponses.single(request, "state");
			String mode = OAuthResponses.single(request, "response_mode");
			if (mode != null && !RESPONSE_MODES.contains(mode)) {
				throw new OidcException("unsupported_response_mode", "The response mode '" + mode
						+ "' is not supported by the authorization server for this request.");
			}
			responseMode = mode == null ? "query" : mode;
			return parseRest(org, server, client, redirectUri, state, responseMode, request);
		}
		catch (OidcException ex) {
			throw new Redirectable(redirectUri, responseMode, state, ex.error(), ex.description());
		}
	}

	private AuthorizeRequest parseRest(OktaOrg org, AuthServer server, OidcClient client, String redirectUri,
			String state, String responseMode, HttpServletRequest request) {
		if (OAuthResponses.single(request, "request") != null) {
			throw new OidcException("request_not_supported", "The sandbox does not accept request objects.");
		}
		if (OAuthResponses.single(request, "request_uri") != null) {
			throw new OidcException("request_uri_not_supported", "The sandbox does not accept request URIs.");
		}
		String responseType = OAuthResponses.single(request, "response_type");
		if (responseType == null) {
			throw OidcException.invalidRequest("The 'response_type' parameter is required.");
		}
		if (!"code".equals(responseType)) {
			throw new OidcException("unsupported_response_type",
					"The response type is not supported by the authorization server. Configured response types: [code].");
		}
		Set<String> scopes = scopes(server, OAuthResponses.single(request, "scope"));
		if (state == null) {
			throw OidcException.invalidRequest("The authorization request is missing the required 'state' parameter.");
		}
		String challenge = OAuthResponses.single(request, "code_challenge");
		String method = OAuthResponses.single(request, "code_challenge_method");
		if (method != null && !"S256".equals(method)) {
			throw OidcException
				.invalidRequest("The 'code_challenge_method' parameter is invalid: only 'S256' is supported.");
		}
		if (challenge != null && method == null) {
			throw OidcException
				.invalidRequest("The 'code_challenge_method' parameter is required with 'code_challenge'.");
		}
		if (method != null && challenge == null) {
			throw OidcException
				.invalidRequest("The 'code_challenge' parameter is required with 'code_challenge_method'.");
		}
		if (challenge != null && !S256_CHALLENGE.matcher(challenge).matches()) {
			throw OidcException.invalidRequest(
					"The 'code_challenge' parameter must be the 43-character base64url SHA-256 of the code verifier.");
		}
		Set<String> prompt = prompt(OAuthResponses.single(request, "prompt"));
		Long maxAge = maxAge(OAuthResponses.single(request, "max_age"));
		return new AuthorizeRequest(org.name(), server.id(), client.clientId(), redirectUri, scopes, state,
				OAuthResponses.single(request, "nonce"), challenge, responseMode, prompt, maxAge,
				OAuthResponses.single(request, "login_hint"));
	}

	private static Set<String> scopes(AuthServer server, String scope) {
		if (scope == null || scope.isBlank()) {
			throw OidcException.invalidScope(
					"The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
		}
		Set<String> scopes = new LinkedHashSet<>(List.of(scope.trim().split(" +")));
		for (String each : scopes) {
			if (!server.scopes().contains(each)) {
				throw OidcException
					.invalidScope("One or more scopes are not configured for the authorization server resource.");
			}
		}
		// A custom server also answers plain OAuth requests (an access token, no ID
		// token); the org server is for OIDC sign-in only.
		if (server.isOrgServer() && !scopes.contains("openid")) {
			throw OidcException.invalidScope("The 'openid' scope is required by the org authorization server.");
		}
		if (scopes.contains("offline_access")) {
			throw OidcException.invalidScope(
					"The 'offline_access' scope needs the refresh_token grant, which this app is not allowed to use.");
		}
		return scopes;
	}

	private static Set<String> prompt(String prompt) {
		if (prompt == null) {
			return Set.of();
		}
		Set<String> values = new LinkedHashSet<>(List.of(prompt.trim().split(" +")));
		if (!PROMPTS.containsAll(values)) {
			throw OidcException.invalidRequest("The 'prompt' parameter is invalid.");
		}
		if (values.contains("none") && values.size() > 1) {
			throw OidcException.invalidRequest("The 'prompt' value 'none' cannot be combined with other values.");
		}
		return Set.copyOf(values);
	}

	private static Long maxAge(String maxAge) {
		if (maxAge == null) {
			return null;
		}
		try {
			long value = Long.parseLong(maxAge);
			if (value < 0) {
				throw new NumberFormatException();
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw OidcException.invalidRequest("The 'max_age' parameter must be a non-negative integer.");
		}
	}

	/**
	 * An error shown on the sandbox's error page, because the client or its redirect URI
	 * is not trusted.
	 */
	static class Unredirectable extends RuntimeException {

		private final String error;

		Unredirectable(String error, String description) {
			super(description);
			this.error = error;
		}

		String error() {
			return error;
		}

	}

	/**
	 * An error sent back to the client's redirect URI with {@code error},
	 * {@code error_description} and {@code state}.
	 */
	static class Redirectable extends RuntimeException {

		private final String redirectUri;

		private final String responseMode;

		private final String state;

		private final String error;

		Redirectable(String redirectUri, String responseMode, String state, String error, String description) {
			super(description);
			this.redirectUri = redirectUri;
			this.responseMode = responseMode;
			this.state = state;
			this.error = error;
		}

		String redirectUri() {
			return redirectUri;
		}

		String responseMode() {
			return responseMode;
		}

		String state() {
			return state;
		}

		String error() {
			return error;
		}

	}

}
