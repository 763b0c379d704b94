package dev.ferry.tenant;

import java.util.List;

/**
 * What it takes to create an organisation: from the sign-up form, from the deployment's
 * configuration ({@code ferry.bootstrap.tenants}), or by an MSP for a customer it will
 * manage.
 *
 * @param managedBy the slug of the MSP that manages this customer, or null
 * @param emailDomains work e-mail domains that lead to this organisation at sign-in
 */
public record NewTenant(String slug, String displayName, TenantKind kind, String managedBy, String oktaIssuer,
		String oidcClientId, String oidcClientSecret, List<String> emailDomains) {

}
