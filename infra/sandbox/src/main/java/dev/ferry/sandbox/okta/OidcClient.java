package dev.ferry.sandbox.okta;

import java.util.List;

/**
 * An OIDC web app registered in a sandbox org (e.g. the Ferry portal: client
 * {@code ferry-portal}).
 *
 * @param groupsClaim true when the app's "Groups claim filter" is set (name
 * {@code groups}, regex {@code .*}): ID tokens then carry the person's group names
 */
public record OidcClient(String clientId, String clientSecret, String label, List<String> redirectUris,
		List<String> postLogoutRedirectUris, boolean groupsClaim) {

}
