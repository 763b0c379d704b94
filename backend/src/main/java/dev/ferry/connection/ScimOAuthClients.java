package dev.ferry.connection;

import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;

/**
 * OAuth 2.0 clients for identity providers that fetch a short-lived SCIM bearer token
 * with the client credentials grant (RFC 6749 §4.4) rather than hold a long-lived one
 * (docs/scim.md, "Credentials"). Each client has a public id and a secret shown once;
 * only the secret's hash is kept. An access token lives {@link #TOKEN_LIFETIME}, is kept
 * as a hash, and ends with its client: revoking a client refuses its tokens from the next
 * request.
 */
@Service
public class ScimOAuthClients {

	/** As for bearer tokens: a rotation and a few identity providers. */
	static final int MAX_LIVE = 5;

	/**
	 * Long enough that an identity provider asks once an hour, short enough to expire.
	 */
	public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

	private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ScimOAuthClients(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A new client of the current organisation; the secret returned is never shown again.
	 * @throws Refusal when the name is unusable or {@value #MAX_LIVE} clients are live
	 */
	@Transactional
	public NewClient create(String name, AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		String label = Credentials.name(name);
		Integer live = jdbc.queryForObject("select count(*) from scim_oauth_client", Integer.class);
		if (live != null && live >= MAX_LIVE) {
			throw new Refusal("connections.flash.oauth.tooMany", MAX_LIVE);
		}
		UUID id = UUID.randomUUID();
		// a prefix says what the id is for when it turns up in an identity provider's
		// form
		String clientId = "ferry-scim-" + Credentials.newSecret().substring(0, 22);
		String secret = Credentials.newSecret();
		jdbc.update(
				"insert into scim_oauth_client (tenant_id, id, name, client_id, secret_hash, created_at, created_by) "
						+ "values (?, ?, ?, ?, ?, ?, ?)",
				tenant, id, label, clientId, Credentials.sha256(secret), Timestamp.from(clock.instant()), actor.name());
		events.publishEvent(new Happened(tenant, actor, "connection.scim.oauth_client_created", "scim_oauth_client",
				id.toString(), AuditEntry.Outcome.SUCCESS, Map.of("name", label, "clientId", clientId)));
		return new NewClient(clientId, secret);
	}

	/**
	 * Revokes a client and every access token it was issued.
	 * @return whether there was such a client
	 */
	@Transactional
	public boolean revoke(UUID id, AuditEntry.Actor actor) {
		List<String> names = jdbc.queryForList("delete from scim_oauth_client where id = ? returning name",
				String.class, id);
		if (names.isEmpty()) {
			return false;
		}
		events.publishEvent(new Happened(TenantContext.require(), actor, "connection.scim.oauth_client_revoked",
				"scim_oauth_client", id.toString(), AuditEntry.Outcome.SUCCESS, Map.of("name", names.getFirst())));
		return true;
	}

	/** The current organisation's clients, oldest first (never their secrets). */
	@Transactional(readOnly = true)
	public List<Client> list() {
		return jdbc.query("select id, name, client_id, created_at, created_by, last_used_at from scim_oauth_client "
				+ "order by created_at, id", (rs, n) -> {
					Timestamp used = rs.getTimestamp("last_used_at");
					return new Client(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("client_id"),
							rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
							used == null ? null : used.toInstant());
				});
	}

	/**
	 * The current organisation's client with this id and secret. The id is public and
	 * looked up; the secret's hash is compared in constant time.
	 */
	@Transactional(readOnly = true)
	public Optional<UUID> authenticate(String clientId, String secret) {
		if (clientId == null || secret == null || clientId.length() > 64) {
			return Optional.empty();
		}
		List<Map<String, Object>> rows = jdbc
			.queryForList("select id, secret_hash from scim_oauth_client where client_id = ?", clientId);
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		boolean matches = MessageDigest.isEqual((byte[]) rows.getFirst().get("secret_hash"),
				Credentials.sha256(secret));
		return matches ? Optional.of((UUID) rows.getFirst().get("id")) : Optional.empty();
	}

	/**
	 * A new access token for an authenticated client; its organisation's expired tokens
	 * are cleared on the way.
	 */
	@Transactional
	public AccessToken issue(UUID client) {
		UUID tenant = TenantContext.require();
		Instant now = clock.instant();
		jdbc.update("delete from scim_access_token where expires_at <= ?", Timestamp.from(now));
		String token = Credentials.newSecret();
		jdbc.update("insert into scim_access_token (tenant_id, token_hash, client, expires_at) values (?, ?, ?, ?)",
				tenant, Credentials.sha256(token), client, Timestamp.from(now.plus(TOKEN_LIFETIME)));
		touch(client, now);
		return new AccessToken(token, TOKEN_LIFETIME.toSeconds());
	}

	/**
	 * The name of the current organisation's client whose live access token (its hash)
	 * this is, if it is one. It is found by its hash: the hash of 256 random bits reveals
	 * nothing through the time an index lookup takes.
	 */
	Optional<String> authorized(byte[] presentedHash) {
		Instant now = clock.instant();
		List<Map<String, Object>> clients = jdbc
			.queryForList("select c.id, c.name from scim_access_token t join scim_oauth_client c on c.id = t.client "
					+ "where t.token_hash = ? and t.expires_at > ?", presentedHash, Timestamp.from(now));
		if (clients.isEmpty()) {
			return Optional.empty();
		}
		touch((UUID) clients.getFirst().get("id"), now);
		return Optional.of((String) clients.getFirst().get("name"));
	}

	private void touch(UUID client, Instant now) {
		jdbc.update(
				"update scim_oauth_client set last_used_at = ? where id = ? "
						+ "and (last_used_at is null or last_used_at < ?)",
				Timestamp.from(now), client, Timestamp.from(now.minus(LAST_USED_PRECISION)));
	}

	/** A client just made: the secret is shown this once. */
	public record NewClient(String clientId, String secret) {
	}

	/** A live client as the portal shows it. */
	public record Client(UUID id, String name, String clientId, Instant createdAt, String createdBy,
			Instant lastUsedAt) {
	}

	/** What the token endpoint hands out. */
	public record AccessToken(String value, long expiresInSeconds) {
	}

}
