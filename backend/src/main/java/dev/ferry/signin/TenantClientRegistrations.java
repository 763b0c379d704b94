package dev.ferry.signin;

import java.util.Map;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.stereotype.Component;

import dev.ferry.system.FerryProperties;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * One OIDC client registration per organisation, read from the tenant table when needed
 * (registration id = the organisation's slug). Endpoints follow from the stored issuer by
 * Okta's rules, so Ferry never fetches discovery documents at start-up and a tenant whose
 * Okta is down cannot stop Ferry.
 */
@Component
class TenantClientRegistrations implements ClientRegistrationRepository {

	private final Tenants tenants;

	private final String redirectUri;

	TenantClientRegistrations(Tenants tenants, FerryProperties properties) {
		this.tenants = tenants;
		// from the public address, never from the request: behind a load balancer the
		// request's own
		// address is an internal one (docs/security.md)
		this.redirectUri = properties.publicBase() + "/login/oauth2/code/{registrationId}";
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		return tenants.bySlug(registrationId).map(this::registration).orElse(null);
	}

	ClientRegistration registration(Tenant tenant) {
		String base = endpointBase(tenant.oktaIssuer());
		return ClientRegistration.withRegistrationId(tenant.slug())
			.clientName(tenant.displayName())
			.clientId(tenant.oidcClientId())
			.clientSecret(tenants.oidcClientSecret(tenant))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(redirectUri)
			.scope("openid", "profile", "email", "groups")
			.issuerUri(tenant.oktaIssuer())
			.authorizationUri(base + "/authorize")
			.tokenUri(base + "/token")
			.jwkSetUri(base + "/keys")
			.userNameAttributeName(IdTokenClaimNames.SUB)
			.providerConfigurationMetadata(Map.of("end_session_endpoint", base + "/logout"))
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
	}

	/**
	 * Okta's org authorization server ({@code https://acme.okta.com}) serves
	 * {@code /oauth2/v1/...}; a custom one ({@code https://acme.okta.com/oauth2/default})
	 * serves {@code {issuer}/v1/...}.
	 */
	static String endpointBase(String issuer) {
		String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		return trimmed.contains("/oauth2/") ? trimmed + "/v1" : trimmed + "/oauth2/v1";
	}

}
