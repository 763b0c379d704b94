package dev.ferry.tenant;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An organisation using Ferry. Not itself tenant-owned: sign-in finds it by slug or
 * e-mail domain before anyone is signed in. The OIDC client secret is stored encrypted
 * (SecretBox) and never leaves the server.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

	@Id
	private UUID id;

	private String slug;

	@Column(name = "display_name")
	private String displayName;

	@Enumerated(EnumType.STRING)
	private TenantKind kind;

	@Column(name = "managed_by")
	private UUID managedBy;

	@Enumerated(EnumType.STRING)
	private TenantStatus status;

	@Column(name = "okta_issuer")
	private String oktaIssuer;

	@Column(name = "oidc_client_id")
	private String oidcClientId;

	@Column(name = "oidc_client_secret")
	private String oidcClientSecretCiphertext;

	/** The ID token claim that lists a person's groups ({@code groups} by default). */
	@Column(name = "groups_claim")
	private String groupsClaim = "groups";

	@Enumerated(EnumType.STRING)
	@Column(name = "oidc_provider")
	private IdentityProvider provider = IdentityProvider.OKTA;

	@Enumerated(EnumType.STRING)
	@Column(name = "oidc_client_auth")
	private ClientAuth clientAuth = ClientAuth.SECRET;

	/** Sealed private JWK of the key pair for {@link ClientAuth#PRIVATE_KEY_JWT}. */
	@Column(name = "oidc_signing_key")
	private String signingKeyCiphertext;

	@Column(name = "oidc_signing_key_id")
	private String signingKeyId;

	/** Whether the last sign-in carried that claim; null before the first. */
	@Column(name = "groups_claim_seen")
	private Boolean groupsClaimSeen;

	@Column(name = "created_at")
	private Instant createdAt;

	@Version
	private long version;

	protected Tenant() {
	}

	Tenant(UUID id, String slug, String displayName, TenantKind kind, UUID managedBy, TenantStatus status,
			String oktaIssuer, String oidcClientId, String oidcClientSecretCiphertext, Instant createdAt) {
		this.id = id;
		this.slug = slug;
		this.displayName = displayName;
		this.kind = kind;
		this.managedBy = managedBy;
		this.status = status;
		this.oktaIssuer = oktaIssuer;
		this.oidcClientId = oidcClientId;
		this.oidcClientSecretCiphertext = oidcClientSecretCiphertext;
		this.createdAt = createdAt;
	}

	public UUID id() {
		return id;
	}

	public String slug() {
		return slug;
	}

	public String displayName() {
		return displayName;
	}

	public TenantKind kind() {
		return kind;
	}

	public UUID managedBy() {
		return managedBy;
	}

	public TenantStatus status() {
		return status;
	}

	public String oktaIssuer() {
		return oktaIssuer;
	}

	public String oidcClientId() {
		return oidcClientId;
	}

	public String oidcClientSecretCiphertext() {
		return oidcClientSecretCiphertext;
	}

	public Instant createdAt() {
		return createdAt;
	}

	/** The kind of provider chosen at sign-up: it words pages, it decides nothing. */
	public IdentityProvider provider() {
		return provider;
	}

	void provider(IdentityProvider provider) {
		this.provider = provider;
	}

	public ClientAuth clientAuth() {
		return clientAuth;
	}

	/** The key id of Ferry's key pair for this organisation; null until generated. */
	public String signingKeyId() {
		return signingKeyId;
	}

	String signingKeyCiphertext() {
		return signingKeyCiphertext;
	}

	void signingKey(String ciphertext, String keyId) {
		this.signingKeyCiphertext = ciphertext;
		this.signingKeyId = keyId;
	}

	void oidcClient(String clientId, String secretCiphertext) {
		this.oidcClientId = clientId;
		this.oidcClientSecretCiphertext = secretCiphertext;
	}

	void clientAuth(ClientAuth method) {
		this.clientAuth = method;
	}

	public String groupsClaim() {
		return groupsClaim;
	}

	/** null before anyone has signed in */
	public Boolean groupsClaimSeen() {
		return groupsClaimSeen;
	}

	void groupsClaim(String claim) {
		this.groupsClaim = claim;
		this.groupsClaimSeen = null;
	}

	void groupsClaimSeen(boolean seen) {
		this.groupsClaimSeen = seen;
	}

	void signedUpAgain(String displayName, TenantKind kind, String secretCiphertext, IdentityProvider provider) {
		this.displayName = displayName;
		this.kind = kind;
		this.oidcClientSecretCiphertext = secretCiphertext;
		this.provider = provider;
	}

	void activate() {
		this.status = TenantStatus.ACTIVE;
	}

}
