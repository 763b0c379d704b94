package dev.ferry.sandbox.okta.oidc;

import java.util.Set;

/**
 * A validated {@code /authorize} request, kept while the person signs in and then inside
 * the code.
 *
 * @param authServerId the custom authorization server it was sent to, or null for the org
 * server: the code is good only at that server's token endpoint
 * @param scopes the requested scopes, in request order
 * @param codeChallenge the S256 challenge, or null when the client sent none
 * @param maxAge seconds, or null
 */
record AuthorizeRequest(String org, String authServerId, String clientId, String redirectUri, Set<String> scopes,
		String state, String nonce, String codeChallenge, String responseMode, Set<String> prompt, Long maxAge,
		String loginHint) {

	String scope() {
		return String.join(" ", scopes);
	}

}
