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
import dev.ferry.system.FerryProperties;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;

/**
 * The bearer tokens an identity provider presents to Ferry's SCIM endpoint, several per
 * organisation and each named, so one can be rotated with two live at once and revoked on
 * its own. A token is shown to the admin once and only its SHA-256 hash is kept: a random
 * 256-bit token needs no slow hash, and a leaked table cannot be replayed. When each was
 * last used is kept too, so an unused one can be seen and revoked.
 */
@Service
public class ScimTokens {

	/** Enough for a rotation and a few identity providers; more is a mistake. */
	static final int MAX_LIVE = 5;

	/** Last use is written at most this often per token, not on every request. */
	private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final FerryProperties properties;

	private final Clock clock;

	private final ScimOAuthClients oauthClients;

	ScimTokens(JdbcTemplate jdbc, ApplicationEventPublisher events, FerryProperties properties, Clock clock,
			ScimOAuthClients oauthClients) {
		this.jdbc = jdbc;
		this.oauthClients = oauthClients;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/** A new token named "Token". */
	@Transactional
	public String generate(AuditEntry.Actor actor) {
		return generate("Token", actor);
	}

	/**
	 * A new token, live beside the others; the one returned is never shown again.
	 * @throws Refusal when the name is unusable or {@value #MAX_LIVE} tokens are live
	 */
	@Transactional
	public String generate(String name, AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		String label = Credentials.name(name);
		Integer live = jdbc.queryForObject("select count(*) from scim_credential", Integer.class);
		if (live != null && live >= MAX_LIVE) {
			throw new Refusal("connections.flash.scim.tooMany", MAX_LIVE);
		}
		String token = Credentials.newSecret();
		UUID id = UUID.randomUUID();
		jdbc.update(
				"insert into scim_credential (tenant_id, id, name, token_hash, created_at, created_by) "
						+ "values (?, ?, ?, ?, ?, ?)",
				tenant, id, label, Credentials.sha256(token), Timestamp.from(clock.instant()), actor.name());
		events.publishEvent(new Happened(tenant, actor, "connection.scim.token_generated", "scim_token", id.toString(),
				AuditEntry.Outcome.SUCCESS, Map.of("name", label, "live", live == null ? 1 : live + 1)));
		return token;
	}

	/**
	 * Revokes a token at once: the identity providers that use it are refused from the
	 * next request.
	 * @return whether there was such a token
	 */
	@Transactional
	public boolean revoke(UUID id, AuditEntry.Actor actor) {
		List<String> names = jdbc.queryForList("delete from scim_credential where id = ? returning name", String.class,
				id);
		if (names.isEmpty()) {
			return false;
		}
		events.publishEvent(new Happened(TenantContext.require(), actor, "connection.scim.token_revoked", "scim_token",
				id.toString(), AuditEntry.Outcome.SUCCESS, Map.of("name", names.getFirst())));
		return true;
	}

	/** The current organisation's live tokens, oldest first (never their values). */
	@Transactional(readOnly = true)
	public List<Token> list() {
		return jdbc.query("select id, name, created_at, created_by, last_used_at from scim_credential "
				+ "order by created_at, id", (rs, n) -> {
					Timestamp used = rs.getTimestamp("last_used_at");
					return new Token(rs.getObject("id", UUID.class), rs.getString("name"),
							rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
							used == null ? null : used.toInstant());
				});
	}

	/**
	 * Whether an {@code Authorization} header carries one of the current organisation's
	 * live tokens, or an access token issued to one of its OAuth clients
	 * ({@link ScimOAuthClients}); its last use is noted. The hashes are compared in
	 * constant time, each of them, so the answer's timing reveals nothing about any
	 * token.
	 */
	@Transactional
	public boolean authorized(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			ScimTraffic.authenticated(TenantContext.require(), null);
			return false;
		}
		byte[] presented = Credentials.sha256(authorization.substring(7).strip());
		UUID matched = null;
		String name = null;
		for (Map<String, Object> row : jdbc.queryForList("select id, name, token_hash from scim_credential")) {
			if (MessageDigest.isEqual((byte[]) row.get("token_hash"), presented)) {
				matched = (UUID) row.get("id");
				name = (String) row.get("name");
			}
		}
		if (matched == null) {
			Optional<String> client = oauthClients.authorized(presented);
			ScimTraffic.authenticated(TenantContext.require(), client.map(n -> n + " (OAuth)").orElse(null));
			return client.isPresent();
		}
		// the Connections page says which token the identity provider uses, or that it
		// presented none of them
		ScimTraffic.authenticated(TenantContext.require(), name);
		Instant now = clock.instant();
		jdbc.update(
				"update scim_credential set last_used_at = ? where id = ? "
						+ "and (last_used_at is null or last_used_at < ?)",
				Timestamp.from(now), matched, Timestamp.from(now.minus(LAST_USED_PRECISION)));
		return true;
	}

	/**
	 * The name of the token or OAuth client that admitted the SCIM request this thread
	 * serves, so what it does can be audited under the identity provider's name; empty
	 * outside a SCIM request.
	 */
	public static Optional<String> presented() {
		return ScimTraffic.credential();
	}

	/** The base URL to enter in the identity provider's SCIM connection settings. */
	public String baseUrl(String slug) {
		return properties.publicBase() + "/scim/v2/" + slug;
	}

	/**
	 * The token endpoint for identity providers that use OAuth client credentials
	 * ({@link ScimOAuthClients}).
	 */
	public String tokenUrl(String slug) {
		return properties.publicBase() + "/scim/oauth/" + slug + "/token";
	}

	/**
	 * A live token as the portal shows it.
	 *
	 * @param lastUsedAt when an identity provider last presented it (to the minute); null
	 * when never
	 */
	public record Token(UUID id, String name, Instant createdAt, String createdBy, Instant lastUsedAt) {

	}

}
