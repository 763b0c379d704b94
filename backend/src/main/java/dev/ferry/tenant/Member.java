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
import org.hibernate.annotations.TenantId;

/**
 * A person's seat in one organisation. Invited by login (e-mail) first; the seat is taken
 * at the first sign-in, when the Okta subject is recorded. A person signs in with one
 * Okta ({@code issuer}): their organisation's own, or for an MSP's staff the MSP's, which
 * also admits them to managed customers.
 */
@Entity
@Table(name = "member")
public class Member {

	@Id
	private UUID id;

	@TenantId
	@Column(name = "tenant_id")
	private UUID tenantId;

	private String issuer;

	private String subject;

	private String login;

	@Column(name = "display_name")
	private String displayName;

	@Enumerated(EnumType.STRING)
	private Role role;

	@Column(name = "via_tenant")
	private UUID viaTenant;

	@Column(name = "invited_at")
	private Instant invitedAt;

	@Column(name = "joined_at")
	private Instant joinedAt;

	@Column(name = "last_sign_in")
	private Instant lastSignIn;

	@Version
	private long version;

	protected Member() {
	}

	Member(UUID id, String issuer, String login, Role role, UUID viaTenant, Instant invitedAt) {
		this.id = id;
		this.issuer = issuer;
		this.login = login;
		this.role = role;
		this.viaTenant = viaTenant;
		this.invitedAt = invitedAt;
	}

	public UUID id() {
		return id;
	}

	public UUID tenantId() {
		return tenantId;
	}

	public String issuer() {
		return issuer;
	}

	public String subject() {
		return subject;
	}

	public String login() {
		return login;
	}

	public String displayName() {
		return displayName;
	}

	public Role role() {
		return role;
	}

	public UUID viaTenant() {
		return viaTenant;
	}

	public Instant invitedAt() {
		return invitedAt;
	}

	public Instant joinedAt() {
		return joinedAt;
	}

	public Instant lastSignIn() {
		return lastSignIn;
	}

	public boolean joined() {
		return subject != null;
	}

	void changeRole(Role role) {
		this.role = role;
	}

	void signedIn(String subject, String displayName, Instant at) {
		this.subject = subject;
		if (displayName != null) {
			this.displayName = displayName;
		}
		if (joinedAt == null) {
			joinedAt = at;
		}
		this.lastSignIn = at;
	}

}
