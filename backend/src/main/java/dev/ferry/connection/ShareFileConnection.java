package dev.ferry.connection;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An organisation's ShareFile account. Secret columns hold SecretBox ciphertext. */
@Entity
@Table(name = "sharefile_connection")
public class ShareFileConnection {

	/**
	 * One row per organisation, keyed by its id. Hibernate's {@code @TenantId} cannot
	 * mark an identifier (it generates the value), so these rows are always read by the
	 * current tenant's id, and row-level security filters them in the database.
	 */
	@Id
	@Column(name = "tenant_id")
	private UUID tenantId;

	@Column(name = "base_url")
	private String baseUrl;

	@Column(name = "client_id")
	private String clientId;

	@Column(name = "client_secret")
	private String clientSecret;

	@Column(name = "admin_username")
	private String adminUsername;

	@Column(name = "admin_password")
	private String adminPassword;

	/** null until tested, and again after the settings change */
	@Embedded
	private LastTest lastTest;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private Long version;

	protected ShareFileConnection() {
	}

	ShareFileConnection(UUID tenantId) {
		this.tenantId = tenantId;
	}

	public UUID tenantId() {
		return tenantId;
	}

	public String baseUrl() {
		return baseUrl;
	}

	public String clientId() {
		return clientId;
	}

	public boolean clientSecretSet() {
		return clientSecret != null;
	}

	public String adminUsername() {
		return adminUsername;
	}

	public boolean adminPasswordSet() {
		return adminPassword != null;
	}

	/** The last test's outcome; null when the current settings have not been tested. */
	public LastTest lastTest() {
		return lastTest;
	}

	String clientSecretCiphertext() {
		return clientSecret;
	}

	String adminPasswordCiphertext() {
		return adminPassword;
	}

	void update(String baseUrl, String clientId, String clientSecret, String adminUsername, String adminPassword,
			Instant at) {
		this.baseUrl = baseUrl;
		this.clientId = clientId;
		if (clientSecret != null) {
			this.clientSecret = clientSecret;
		}
		this.adminUsername = adminUsername;
		if (adminPassword != null) {
			this.adminPassword = adminPassword;
		}
		this.updatedAt = at;
		this.lastTest = null;
	}

	void tested(boolean ok, String summary, Instant at) {
		this.lastTest = LastTest.of(ok, summary, at);
	}

}
