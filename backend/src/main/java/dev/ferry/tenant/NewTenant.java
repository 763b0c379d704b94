package dev.ferry.tenant;

import java.util.List;

/**
 * What it takes to create an organisation: from the sign-up form, from the deployment's
 * configuration ({@code ferry.bootstrap.tenants}), or by an MSP for a customer it will
 * manage.
 *
 * @param managedBy the slug of the MSP that manages this customer, or null
 * @param oktaIssuer the OpenID Provider's issuer exactly as the provider names it
 * @param emailDomains work e-mail domains that lead to this organisation at sign-in
 * @param provider the kind of provider, for the words pages use
 */
public record NewTenant(String slug, String displayName, TenantKind kind, String managedBy, String oktaIssuer,
		String oidcClientId, String oidcClientSecret, List<String> emailDomains, IdentityProvider provider) {

	/** An organisation that signs in with Okta's org authorization server. */
	public NewTenant(String slug, String displayName, TenantKind kind, String managedBy, String oktaIssuer,
			String oidcClientId, String oidcClientSecret, List<String> emailDomains) {
		this(slug, displayName, kind, managedBy, oktaIssuer, oidcClientId, oidcClientSecret, emailDomains,
				IdentityProvider.OKTA);
	}

}
