package dev.ferry.tenant;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Diff;
import dev.ferry.audit.Happened;
import dev.ferry.system.Refusal;
import dev.ferry.system.SecretBox;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.internal.TenantRepository;

/** Finding and creating organisations. */
@Service
public class Tenants {

	private final TenantRepository tenants;

	private final JdbcTemplate jdbc;

	private final SecretBox secrets;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Tenants(TenantRepository tenants, JdbcTemplate jdbc, SecretBox secrets, Clock clock,
			ApplicationEventPublisher events) {
		this.events = events;
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public Optional<Tenant> bySlug(String slug) {
		return slug == null ? Optional.empty() : tenants.findBySlug(slug.toLowerCase(Locale.ROOT));
	}

	@Transactional(readOnly = true)
	public Optional<Tenant> byId(UUID id) {
		return tenants.findById(id);
	}

	/** The organisation a work e-mail leads to, by its domain. */
	@Transactional(readOnly = true)
	public Optional<Tenant> byEmailDomain(String domain) {
		List<UUID> ids = jdbc.queryForList("select tenant_id from tenant_email_domain where domain = ?", UUID.class,
				domain.toLowerCase(Locale.ROOT));
		return ids.isEmpty() ? Optional.empty() : tenants.findById(ids.get(0));
	}

	@Transactional(readOnly = true)
	public boolean slugTaken(String slug) {
		return tenants.existsBySlug(slug.toLowerCase(Locale.ROOT));
	}

	/**
	 * The portal's OIDC client secret, decrypted for the token request and nothing else.
	 */
	public String oidcClientSecret(Tenant tenant) {
		return secrets.decrypt(tenant.oidcClientSecretCiphertext());
	}

	/**
	 * Names the ID token claim that lists a person's groups, for group → role mappings,
	 * in the current organisation.
	 * @throws Refusal when the name is empty, too long or has spaces or control
	 * characters
	 */
	@Transactional
	public void groupsClaim(String claim, AuditEntry.Actor actor) {
		UUID tenantId = TenantContext.require();
		String name = claim.strip();
		if (!name.matches("[\\x21-\\x7e]{1,100}")) {
			throw new Refusal("groupRoles.flash.claimName");
		}
		Tenant tenant = tenants.findById(tenantId).orElseThrow();
		String before = tenant.groupsClaim();
		tenant.groupsClaim(name);
		events.publishEvent(new Happened(tenantId, actor, "signin.groups_claim_set", "organisation", tenant.slug(),
				AuditEntry.Outcome.SUCCESS, Diff.value(before, name)));
	}

	/**
	 * The private JWK of the organisation's key pair, decrypted to sign a client
	 * assertion and for nothing else; empty until one is generated.
	 */
	public Optional<String> signingKey(Tenant tenant) {
		return Optional.ofNullable(tenant.signingKeyCiphertext()).map(secrets::decrypt);
	}

	/** Keeps a new key pair for the current organisation (its private JWK sealed). */
	@Transactional
	public void signingKey(String privateJwk, String keyId, AuditEntry.Actor actor) {
		UUID tenantId = TenantContext.require();
		Tenant tenant = tenants.findById(tenantId).orElseThrow();
		if (tenant.clientAuth() == ClientAuth.PRIVATE_KEY_JWT) {
			throw new Refusal("clientAuth.flash.keyInUse");
		}
		tenant.signingKey(secrets.encrypt(privateJwk), keyId);
		events.publishEvent(new Happened(tenantId, actor, "signin.key_generated", "organisation", tenant.slug(),
				AuditEntry.Outcome.SUCCESS, Map.of("keyId", keyId)));
	}

	/**
	 * Replaces the current organisation's client id and secret (the caller has had the
	 * provider accept them), and signs in with the secret from now on. The secret is
	 * sealed and never audited.
	 */
	@Transactional
	public void oidcClient(String clientId, String secret, AuditEntry.Actor actor) {
		UUID tenantId = TenantContext.require();
		Tenant tenant = tenants.findById(tenantId).orElseThrow();
		Map<String, Object> change = Diff.attributes(Map.of("clientId", tenant.oidcClientId()),
				Map.of("clientId", clientId), Set.of("clientSecret"));
		tenant.oidcClient(clientId, secrets.encrypt(secret));
		tenant.clientAuth(ClientAuth.SECRET);
		events.publishEvent(new Happened(tenantId, actor, "signin.client_replaced", "organisation", tenant.slug(),
				AuditEntry.Outcome.SUCCESS, change));
	}

	/**
	 * Switches how Ferry authenticates at the current organisation's token endpoint.
	 * @param provedKeyId for {@link ClientAuth#PRIVATE_KEY_JWT}, the key the provider
	 * accepted: refused when another owner has replaced the key since
	 */
	@Transactional
	public void clientAuth(ClientAuth method, String provedKeyId, AuditEntry.Actor actor) {
		UUID tenantId = TenantContext.require();
		Tenant tenant = tenants.findById(tenantId).orElseThrow();
		if (method == ClientAuth.PRIVATE_KEY_JWT && !java.util.Objects.equals(provedKeyId, tenant.signingKeyId())) {
			throw new Refusal("clientAuth.flash.keyChanged");
		}
		ClientAuth before = tenant.clientAuth();
		tenant.clientAuth(method);
		events.publishEvent(new Happened(tenantId, actor, "signin.client_auth_set", "organisation", tenant.slug(),
				AuditEntry.Outcome.SUCCESS, Diff.value(before.name(), method.name())));
	}

	/**
	 * Creates an organisation in ONBOARDING: its first person to sign in becomes OWNER.
	 * The caller has validated the values (see TenantRules).
	 */
	@Transactional
	public Tenant create(NewTenant request) {
		UUID managedBy = null;
		if (request.managedBy() != null) {
			Tenant msp = bySlug(request.managedBy()).filter(found -> found.kind() == TenantKind.MSP)
				.orElseThrow(() -> new IllegalArgumentException("No MSP organisation named " + request.managedBy()));
			managedBy = msp.id();
		}
		Tenant tenant = new Tenant(UUID.randomUUID(), request.slug().toLowerCase(Locale.ROOT), request.displayName(),
				request.kind(), managedBy, TenantStatus.ONBOARDING, request.oktaIssuer(), request.oidcClientId(),
				secrets.encrypt(request.oidcClientSecret()), clock.instant());
		tenant.provider(request.provider());
		tenants.saveAndFlush(tenant);
		for (String domain : request.emailDomains()) {
			jdbc.update("insert into tenant_email_domain (domain, tenant_id) values (?, ?)",
					domain.toLowerCase(Locale.ROOT), tenant.id());
		}
		return tenant;
	}

	/**
	 * Sign-up again for an organisation nobody has signed in to yet, with the same issuer
	 * and client id: the client secret is only proven at the first sign-in, so this is
	 * how a mistyped one is replaced (with the name, kind and provider as now given).
	 * Anyone who knows the short name, issuer and client id could do it, but only while
	 * the organisation is onboarding, and at worst they break its sign-in until the owner
	 * signs up again: they cannot point it at another provider or client.
	 * @return the organisation as updated, or empty when it is not onboarding or its
	 * issuer or client id differ (the caller says the short name is taken)
	 */
	@Transactional(readOnly = true)
	public boolean onboardingWith(String slug, String issuer, String clientId) {
		return tenants.findBySlug(slug.toLowerCase(Locale.ROOT))
			.filter(tenant -> tenant.status() == TenantStatus.ONBOARDING)
			.filter(tenant -> tenant.oktaIssuer().equals(issuer) && tenant.oidcClientId().equals(clientId))
			.isPresent();
	}

	@Transactional
	public Optional<Tenant> signUpAgain(NewTenant request) {
		Optional<Tenant> found = tenants.findBySlug(request.slug().toLowerCase(Locale.ROOT))
			.filter(tenant -> tenant.status() == TenantStatus.ONBOARDING)
			.filter(tenant -> tenant.oktaIssuer().equals(request.oktaIssuer())
					&& tenant.oidcClientId().equals(request.oidcClientId()));
		found.ifPresent(tenant -> tenant.signedUpAgain(request.displayName(), request.kind(),
				secrets.encrypt(request.oidcClientSecret()), request.provider()));
		return found;
	}

}
