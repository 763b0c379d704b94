/**
 * The OIDC provider and OAuth token endpoint of every sandbox Okta org, as Okta's org
 * authorization server serves them under {@code /okta/{org}/oauth2/v1/...} and its custom
 * authorization servers under {@code /okta/{org}/oauth2/{asId}/v1/...} ({@code default}
 * in every org): discovery, authorize with a sign-in form, token (authorization code with
 * PKCE and a client secret or private_key_jwt, client credentials with private_key_jwt),
 * keys, userinfo and logout, plus the control endpoints that register apps, configure
 * custom servers, rotate signing keys and end sessions. One implementation serves both
 * kinds; {@link dev.ferry.sandbox.okta.oidc.AuthServer} says which server a request
 * addresses and what differs (issuer, scopes, keys, groups claim).
 */
package dev.ferry.sandbox.okta.oidc;
