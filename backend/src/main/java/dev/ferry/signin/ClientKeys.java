package dev.ferry.signin;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connector.ClientAssertions;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.ClientAuth;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * The key pair Ferry generates for an organisation whose provider should authenticate it
 * with {@code private_key_jwt} rather than a client secret (docs/oidc.md, "Client
 * authentication"). The private half is sealed like every secret and only ever signs a
 * client assertion; the public half is served at {@code /oidc/{slug}/jwks.json}, which
 * the provider fetches (or an administrator pastes into the provider's app). Ferry
 * switches to the key only after the provider has accepted an assertion signed with it.
 */
@Component
public class ClientKeys {

	private final Tenants tenants;

	private final OidcDiscovery discovery;

	private final FerryProperties properties;

	private final TokenEndpointCheck check;

	private final Clock clock;

	ClientKeys(Tenants tenants, OidcDiscovery discovery, FerryProperties properties, TokenEndpointCheck check,
			Clock clock) {
		this.tenants = tenants;
		this.discovery = discovery;
		this.properties = properties;
		this.check = check;
		this.clock = clock;
	}

	/** Where the organisation's public key is served. */
	public String jwksUrl(Tenant tenant) {
		return properties.publicBase() + "/oidc/" + tenant.slug() + "/jwks.json";
	}

	/** The organisation's public key as a JWK set (empty before one is generated). */
	public String publicJwks(Tenant tenant) {
		return signingKey(tenant).map(key -> new JWKSet(key.toPublicJWK()))
			.orElseGet(() -> new JWKSet(List.of()))
			.toString();
	}

	/** The public key alone, for a provider's console that asks for one key. */
	public Optional<String> publicJwk(Tenant tenant) {
		return signingKey(tenant).map(key -> key.toPublicJWK().toJSONString());
	}

	/**
	 * Generates the current organisation's key pair. Refused while sign-in uses the key:
	 * a new key would lock everyone out until the provider has it.
	 */
	public void generate(AuditEntry.Actor actor) {
		Tenant tenant = tenants.byId(TenantContext.require()).orElseThrow();
		if (tenant.clientAuth() == ClientAuth.PRIVATE_KEY_JWT) {
			throw new Refusal("clientAuth.flash.keyInUse");
		}
		RSAKey key = ClientAssertions.newKey(UUID.randomUUID().toString());
		tenants.signingKey(key.toJSONString(), key.getKeyID(), actor);
	}

	/**
	 * Switches the current organisation's sign-in to its key, once the provider has shown
	 * it accepts the key: Ferry redeems a made-up authorization code with an assertion
	 * signed by it. {@code invalid_grant} means the client was authenticated and only the
	 * code was refused; {@code invalid_client} means the provider does not know the key.
	 * @return what is wrong, or empty when the switch is made
	 */
	public Optional<Problem> use(AuditEntry.Actor actor) {
		Tenant tenant = tenants.byId(TenantContext.require()).orElseThrow();
		RSAKey key = signingKey(tenant).orElse(null);
		if (key == null) {
			return Optional.of(Problem.of("clientAuth.problem.noKey"));
		}
		ProviderMetadata provider;
		try {
			provider = discovery.refresh(tenant.oktaIssuer());
		}
		catch (OidcDiscovery.DiscoveryFailed ex) {
			return Optional.of(ex.problem());
		}
		if (!provider.authMethodsSupported().contains("private_key_jwt")) {
			return Optional.of(Problem.of("clientAuth.problem.notOffered"));
		}
		// the control: an assertion signed by a key the provider cannot know
		Optional<Problem> refused = check.problemWith(tenant.slug(), provider.tokenEndpoint(),
				signedBy(tenant, provider, key),
				signedBy(tenant, provider, ClientAssertions.newKey(UUID.randomUUID().toString())),
				"clientAuth.problem.refused");
		if (refused.isEmpty()) {
			tenants.clientAuth(ClientAuth.PRIVATE_KEY_JWT, key.getKeyID(), actor);
		}
		return refused;
	}

	private TokenEndpointCheck.Credentials signedBy(Tenant tenant, ProviderMetadata provider, RSAKey key) {
		return new TokenEndpointCheck.Credentials(
				Map.of("client_id", tenant.oidcClientId(), "client_assertion_type", ClientAssertions.TYPE,
						"client_assertion", assertion(tenant.oidcClientId(), provider.tokenEndpoint(), key)),
				null);
	}

	/**
	 * Back to the client secret (which Ferry kept), once the provider accepts it again.
	 * @return what is wrong, or empty when sign-in uses the secret
	 */
	public Optional<Problem> useSecret(AuditEntry.Actor actor) {
		Tenant tenant = tenants.byId(TenantContext.require()).orElseThrow();
		ProviderMetadata provider;
		try {
			provider = discovery.refresh(tenant.oktaIssuer());
		}
		catch (OidcDiscovery.DiscoveryFailed ex) {
			return Optional.of(ex.problem());
		}
		// an app switched to key-only authentication refuses every secret: going back
		// without asking would lock everyone out
		Optional<Problem> refused = check.secretProblem(tenant.slug(), provider, tenant.oidcClientId(),
				tenants.oidcClientSecret(tenant));
		if (refused.isEmpty()) {
			tenants.clientAuth(ClientAuth.SECRET, null, actor);
		}
		return refused;
	}

	/**
	 * The private key that signs an organisation's client assertions at sign-in; null
	 * when it has none (Spring then sends no assertion and the token request fails as it
	 * should).
	 */
	JWK signingKey(ClientRegistration registration) {
		return tenants.bySlug(registration.getRegistrationId()).flatMap(this::signingKey).orElse(null);
	}

	private Optional<RSAKey> signingKey(Tenant tenant) {
		return tenants.signingKey(tenant).map(jwk -> {
			try {
				return RSAKey.parse(jwk);
			}
			catch (ParseException ex) {
				throw new IllegalStateException("The stored key of " + tenant.slug() + " is not an RSA JWK", ex);
			}
		});
	}

	/** RFC 7523, two minutes' life (a sign-in redeems its code at once). */
	private String assertion(String clientId, String tokenEndpoint, RSAKey key) {
		try {
			return ClientAssertions.sign(key, clientId, tokenEndpoint, clock.instant(), Duration.ofMinutes(2));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing a client assertion failed", ex);
		}
	}

}
