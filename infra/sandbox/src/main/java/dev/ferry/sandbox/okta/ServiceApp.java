package dev.ferry.sandbox.okta;

import java.util.Set;

/**
 * An "API Services" app in a sandbox org (docs/reference/okta.md §3.2): it gets
 * management-API access tokens with client_credentials and a private_key_jwt client
 * assertion signed by the key whose public half is registered here.
 *
 * @param publicJwkJson the registered public JWK (RSA or EC), as JSON
 * @param grantedScopes the Okta API scopes an admin granted, e.g. {@code okta.users.read}
 */
public record ServiceApp(String clientId, String label, String publicJwkJson, Set<String> grantedScopes) {

}
