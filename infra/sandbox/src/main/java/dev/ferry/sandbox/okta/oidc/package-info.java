/**
 * The OIDC provider and OAuth token endpoint of every sandbox Okta org, as Okta's org
 * authorization server serves them under {@code /okta/{org}/oauth2/v1/...}: discovery,
 * authorize with a sign-in form, token (authorization code with PKCE, client credentials
 * with private_key_jwt), keys, userinfo and logout, plus the control endpoints that
 * register apps and end sessions.
 */
package dev.ferry.sandbox.okta.oidc;
