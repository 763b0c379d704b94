package dev.ferry.signin;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.stereotype.Component;

import dev.ferry.system.FerryProperties;
import dev.ferry.tenant.ClientAuth;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * One OIDC client registration per organisation, read from the tenant table when needed
 * (registration id = the organisation's slug), its endpoints, scopes and client
 * authentication from the provider's discovery document ({@link OidcDiscovery}, kept per
 * issuer), so any provider that follows OpenID Connect Discovery works, not only Okta's
 * paths. A provider that is down refuses its own organisation's sign-in only.
 */
@Component
class TenantClientRegistrations implements ClientRegistrationRepository {

	private static final Logger log = LoggerFactory.getLogger(TenantClientRegistrations.class);

	private final Tenants tenants;

	private final OidcDiscovery discovery;

	private final String redirectUri;

	TenantClientRegistrations(Tenants tenants, OidcDiscovery discovery, FerryProperties properties) {
		this.tenants = tenants;
		this.discovery = discovery;
		// from the public address, never from the request: behind a load balancer the
		// request's own address is an internal one (docs/security.md)
		this.redirectUri = properties.publicBase() + "/login/oauth2/code/{registrationId}";
	}

	/**
	 * @return null (Spring's "no such registration") for an unknown organisation, and for
	 * one whose provider has never answered discovery; the sign-in page checks the
	 * provider first and says what is wrong ({@link SignInController})
	 */
	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		return tenants.bySlug(registrationId).map(tenant -> {
			try {
				return registration(tenant, discovery.metadata(tenant.oktaIssuer()));
			}
			catch (OidcDiscovery.DiscoveryFailed ex) {
				log.warn("No sign-in for {}: discovery of {} failed ({})", tenant.slug(), tenant.oktaIssuer(),
						ex.getMessage());
				return null;
			}
		}).orElse(null);
	}

	ClientRegistration registration(Tenant tenant, ProviderMetadata provider) {
		Map<String, Object> metadata = new HashMap<>();
		if (provider.endSessionEndpoint() != null) {
			// read by Spring's RP-initiated logout handler; without it sign-out ends
			// Ferry's session only
			metadata.put("end_session_endpoint", provider.endSessionEndpoint());
		}
		// the key only while the provider still offers private_key_jwt; the secret is
		// kept
		// for going back
		ClientAuthenticationMethod method = tenant.clientAuth() == ClientAuth.PRIVATE_KEY_JWT
				&& provider.authMethodsSupported().contains("private_key_jwt")
						? ClientAuthenticationMethod.PRIVATE_KEY_JWT
						: provider.secretAuthMethod()
							.map(ClientAuthenticationMethod::new)
							.orElse(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		return ClientRegistration.withRegistrationId(tenant.slug())
			.clientName(tenant.displayName())
			.clientId(tenant.oidcClientId())
			.clientSecret(tenants.oidcClientSecret(tenant))
			.clientAuthenticationMethod(method)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(redirectUri)
			.scope(provider.signInScopes(true))
			.issuerUri(provider.issuer())
			.authorizationUri(provider.authorizationEndpoint())
			.tokenUri(provider.tokenEndpoint())
			.jwkSetUri(provider.jwksUri())
			.userInfoUri(provider.userinfoEndpoint())
			.userNameAttributeName(IdTokenClaimNames.SUB)
			.providerConfigurationMetadata(metadata)
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
	}

}
