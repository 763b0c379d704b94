package dev.ferry.tenant;

/**
 * Which kind of OpenID Provider an organisation signs in with, as chosen at sign-up.
 * Sign-in itself treats every provider alike (discovery decides everything,
 * docs/oidc.md); the kind only chooses the words and console directions a person is
 * shown.
 */
public enum IdentityProvider {

	/** Okta's org authorization server: the issuer is the org's address. */
	OKTA,

	/**
	 * An Okta custom authorization server ({@code https://{org}/oauth2/default} or
	 * named).
	 */
	OKTA_CUSTOM,

	/**
	 * Microsoft Entra ID, single tenant
	 * ({@code https://login.microsoftonline.com/{tenant}/v2.0}).
	 */
	ENTRA,

	/** Google Workspace ({@code https://accounts.google.com}). */
	GOOGLE,

	/** A Keycloak realm ({@code https://{host}/realms/{realm}}). */
	KEYCLOAK,

	/** Any other provider that follows OpenID Connect Discovery. */
	OTHER

}
