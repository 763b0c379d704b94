package dev.ferry.sandbox.okta;

import java.util.List;
import java.util.Set;

/**
 * An OIDC web app registered in a sandbox org (e.g. the Ferry portal: client
 * {@code ferry-portal}).
 *
 * @param groupsClaim true when the app's "Groups claim filter" is set (name
 * {@code groups}, regex {@code .*}): ID tokens then carry the person's group names
 * @param tokenEndpointAuthMethod Okta's
 * {@code credentials.oauthClient.token_endpoint_auth_method}: {@code client_secret_basic}
 * or {@code client_secret_post} (either way the client secret, in the header or the
 * body), or {@code private_key_jwt} (a client assertion signed by one of the app's keys;
 * the secret is then refused but kept, for switching back)
 * @param jwksJson for {@code private_key_jwt} with keys registered inline
 * ({@code settings.oauthClient.jwks}): the public JWK set as JSON, else null
 * @param jwksUri for {@code private_key_jwt} with keys the client publishes: the http(s)
 * URL of its JWK set, else null
 */
public record OidcClient(String clientId, String clientSecret, String label, List<String> redirectUris,
		List<String> postLogoutRedirectUris, boolean groupsClaim, String tokenEndpointAuthMethod, String jwksJson,
		String jwksUri) {

	public static final String CLIENT_SECRET_BASIC = "client_secret_basic";

	public static final String CLIENT_SECRET_POST = "client_secret_post";

	public static final String PRIVATE_KEY_JWT = "private_key_jwt";

	/** The token endpoint authentication methods a web app may be configured with. */
	public static final Set<String> AUTH_METHODS = Set.of(CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT);

	public OidcClient {
		if (tokenEndpointAuthMethod == null) {
			tokenEndpointAuthMethod = CLIENT_SECRET_BASIC;
		}
		if (!AUTH_METHODS.contains(tokenEndpointAuthMethod)) {
			throw new IllegalArgumentException("Unknown token endpoint auth method " + tokenEndpointAuthMethod);
		}
		if (PRIVATE_KEY_JWT.equals(tokenEndpointAuthMethod) ? (jwksJson == null) == (jwksUri == null)
				: jwksJson != null || jwksUri != null) {
			throw new IllegalArgumentException(
					"private_key_jwt takes exactly one of inline keys and a JWKS URI; the secret methods neither");
		}
	}

	/** A web app authenticating with its client secret ({@code client_secret_basic}). */
	public OidcClient(String clientId, String clientSecret, String label, List<String> redirectUris,
			List<String> postLogoutRedirectUris, boolean groupsClaim) {
		this(clientId, clientSecret, label, redirectUris, postLogoutRedirectUris, groupsClaim, CLIENT_SECRET_BASIC,
				null, null);
	}

	/** True when the app authenticates at the token endpoint with a client assertion. */
	public boolean privateKeyJwt() {
		return PRIVATE_KEY_JWT.equals(tokenEndpointAuthMethod);
	}

	public OidcClient withRedirectUris(List<String> uris) {
		return new OidcClient(clientId, clientSecret, label, uris, postLogoutRedirectUris, groupsClaim,
				tokenEndpointAuthMethod, jwksJson, jwksUri);
	}

	public OidcClient withPostLogoutRedirectUris(List<String> uris) {
		return new OidcClient(clientId, clientSecret, label, redirectUris, uris, groupsClaim, tokenEndpointAuthMethod,
				jwksJson, jwksUri);
	}

	public OidcClient withGroupsClaim(boolean enabled) {
		return new OidcClient(clientId, clientSecret, label, redirectUris, postLogoutRedirectUris, enabled,
				tokenEndpointAuthMethod, jwksJson, jwksUri);
	}

	/**
	 * The app with another token endpoint authentication: a secret method (keys null) or
	 * {@code private_key_jwt} with exactly one of inline keys and a JWKS URI.
	 */
	public OidcClient withAuthentication(String method, String jwks, String uri) {
		return new OidcClient(clientId, clientSecret, label, redirectUris, postLogoutRedirectUris, groupsClaim, method,
				jwks, uri);
	}

}
