package dev.ferry.connection;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.ferry.okta.OktaApiSettings.AuthMode;

/**
 * An organisation's Okta API access, the app that stands for ShareFile, and Ferry's event
 * hook there. Secret columns (API token, private key, hook secret) hold SecretBox
 * ciphertext.
 */
@Entity
@Table(name = "okta_connection")
public class OktaConnection {

	/**
	 * One row per organisation, keyed by its id. Hibernate's {@code @TenantId} cannot
	 * mark an identifier (it generates the value), so these rows are always read by the
	 * current tenant's id, and row-level security filters them in the database.
	 */
	@Id
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Column(name = "org_url")
	private String orgUrl;

	@Enumerated(EnumType.STRING)
	@Column(name = "auth_mode")
	private AuthMode authMode;

	@Column(name = "api_token")
	private String apiToken;

	@Column(name = "client_id")
	private String clientId;

	@Column(name = "private_key")
	private String privateKey;

	@Column(name = "key_id")
	private String keyId;

	@Column(name = "public_jwk")
	private String publicJwk;

	@Column(name = "sharefile_app_id")
	private String shareFileAppId;

	@Column(name = "sharefile_app_label")
	private String shareFileAppLabel;

	@Column(name = "hook_id")
	private String hookId;

	@Column(name = "hook_secret")
	private String hookSecret;

	@Column(name = "hook_status")
	private String hookStatus;

	/** null until tested, and again after the settings change */
	@Embedded
	private LastTest lastTest;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private Long version;

	protected OktaConnection() {
	}

	OktaConnection(UUID tenantId) {
		this.tenantId = tenantId;
	}

	public UUID tenantId() {
		return tenantId;
	}

	public String orgUrl() {
		return orgUrl;
	}

	public AuthMode authMode() {
		return authMode;
	}

	public boolean apiTokenSet() {
		return apiToken != null;
	}

	public String clientId() {
		return clientId;
	}

	public boolean keyPairSet() {
		return privateKey != null;
	}

	public String keyId() {
		return keyId;
	}

	/**
	 * The public half of Ferry's key pair, to paste into the Okta service app. Safe to
	 * show.
	 */
	public String publicJwk() {
		return publicJwk;
	}

	public String shareFileAppId() {
		return shareFileAppId;
	}

	public String shareFileAppLabel() {
		return shareFileAppLabel;
	}

	public String hookId() {
		return hookId;
	}

	public String hookStatus() {
		return hookStatus;
	}

	/** The last test's outcome; null when the current settings have not been tested. */
	public LastTest lastTest() {
		return lastTest;
	}

	String apiTokenCiphertext() {
		return apiToken;
	}

	String privateKeyCiphertext() {
		return privateKey;
	}

	String hookSecretCiphertext() {
		return hookSecret;
	}

	void update(String orgUrl, AuthMode mode, String apiToken, String clientId, Instant at) {
		this.orgUrl = orgUrl;
		this.authMode = mode;
		if (apiToken != null) {
			this.apiToken = apiToken;
		}
		this.clientId = clientId;
		this.updatedAt = at;
		this.lastTest = null;
	}

	void forgetApiToken() {
		this.apiToken = null;
	}

	void keyPair(String privateKeyCiphertext, String publicJwk, String keyId, Instant at) {
		this.privateKey = privateKeyCiphertext;
		this.publicJwk = publicJwk;
		this.keyId = keyId;
		this.updatedAt = at;
	}

	void shareFileApp(String id, String label, Instant at) {
		this.shareFileAppId = id;
		this.shareFileAppLabel = label;
		this.updatedAt = at;
	}

	void hook(String id, String secretCiphertext, String status, Instant at) {
		this.hookId = id;
		this.hookSecret = secretCiphertext;
		this.hookStatus = status;
		this.updatedAt = at;
	}

	void hookStatus(String status) {
		this.hookStatus = status;
	}

	void tested(boolean ok, String summary, Instant at) {
		this.lastTest = LastTest.of(ok, summary, at);
	}

}
