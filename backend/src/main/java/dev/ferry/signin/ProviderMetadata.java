package dev.ferry.signin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an OpenID Provider's discovery document says, as far as Ferry's sign-in uses it
 * (docs/oidc.md, "Discovery"). Every endpoint comes from here: Ferry never builds a
 * provider's paths itself.
 *
 * @param issuer exactly as the provider names it (a trailing slash included)
 * @param userinfoEndpoint null when not advertised: the ID token's claims are then all
 * Ferry reads
 * @param endSessionEndpoint null when the provider has no RP-initiated logout: signing
 * out then ends Ferry's session only
 * @param scopesSupported empty when not advertised
 * @param authMethodsSupported {@code token_endpoint_auth_methods_supported}; empty when
 * not advertised, which means {@code client_secret_basic}
 */
public record ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
		String userinfoEndpoint, String endSessionEndpoint, List<String> scopesSupported,
		List<String> authMethodsSupported) {

	public ProviderMetadata {
		scopesSupported = List.copyOf(scopesSupported);
		authMethodsSupported = List.copyOf(authMethodsSupported);
	}

	/**
	 * The scopes a sign-in asks for: {@code openid}, then {@code profile} and
	 * {@code email} unless the provider lists its scopes without them, and {@code groups}
	 * only where the provider lists it (several providers, and Okta's custom
	 * authorization servers by default, answer an unknown scope with
	 * {@code invalid_scope}).
	 */
	public List<String> signInScopes(boolean wantGroups) {
		boolean listed = !scopesSupported.isEmpty();
		ArrayList<String> scopes = new ArrayList<>(List.of("openid"));
		for (String scope : List.of("profile", "email")) {
			if (!listed || scopesSupported.contains(scope)) {
				scopes.add(scope);
			}
		}
		if (wantGroups && scopesSupported.contains("groups")) {
			scopes.add("groups");
		}
		return List.copyOf(scopes);
	}

	/** Whether the provider offers a {@code groups} scope. */
	public boolean offersGroupsScope() {
		return scopesSupported.contains("groups");
	}

	/**
	 * How Ferry authenticates at the token endpoint with a client secret: HTTP Basic when
	 * the provider lists it or lists nothing (the standard's default), else the form
	 * post; empty when the provider accepts neither.
	 */
	public Optional<String> secretAuthMethod() {
		if (authMethodsSupported.isEmpty() || authMethodsSupported.contains("client_secret_basic")) {
			return Optional.of("client_secret_basic");
		}
		if (authMethodsSupported.contains("client_secret_post")) {
			return Optional.of("client_secret_post");
		}
		return Optional.empty();
	}

}
