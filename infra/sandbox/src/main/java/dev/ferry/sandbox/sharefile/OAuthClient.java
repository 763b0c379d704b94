package dev.ferry.sandbox.sharefile;

import java.util.List;

/**
 * An API key created at api.sharefile.com: client id and secret, and the redirect URIs
 * the authorization-code flow may return to. An empty list accepts any loopback URI
 * ({@code http://127.0.0.1…}, {@code http://localhost…}), which suits local Ferry runs on
 * any port.
 */
public record OAuthClient(String clientId, String clientSecret, List<String> redirectUris) {

	public OAuthClient {
		redirectUris = List.copyOf(redirectUris);
	}

	public boolean secretMatches(String secret) {
		return clientSecret.equals(secret);
	}

	public boolean allowsRedirect(String uri) {
		if (uri == null || uri.isBlank()) {
			return false;
		}
		if (redirectUris.isEmpty()) {
			return uri.startsWith("http://127.0.0.1:") || uri.startsWith("http://127.0.0.1/")
					|| uri.startsWith("http://localhost:") || uri.startsWith("http://localhost/");
		}
		return redirectUris.contains(uri);
	}

}
