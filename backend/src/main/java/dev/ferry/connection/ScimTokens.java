package dev.ferry.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
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
import dev.ferry.system.TenantContext;

/**
 * The bearer token Okta presents to Ferry's SCIM endpoint (Push Password Updates). The
 * token is shown to the admin once and only its SHA-256 hash is kept: a random 256-bit
 * token needs no slow hash, and a leaked table cannot be replayed.
 */
@Service
public class ScimTokens {

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final FerryProperties properties;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ScimTokens(JdbcTemplate jdbc, ApplicationEventPublisher events, FerryProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Replaces the current organisation's token; the one returned is never shown again.
	 */
	@Transactional
	public String generate(AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		jdbc.update("""
				insert into scim_token (tenant_id, token_hash, created_at, created_by) values (?, ?, ?, ?)
				on conflict (tenant_id) do update set token_hash = excluded.token_hash,
				    created_at = excluded.created_at, created_by = excluded.created_by""", tenant, sha256(token),
				Timestamp.from(clock.instant()), actor.name());
		events.publishEvent(new Happened(tenant, actor, "connection.scim.token_generated", "connection", "scim",
				AuditEntry.Outcome.SUCCESS, Map.of()));
		return token;
	}

	/** When the current token was generated; empty when there is none. */
	@Transactional(readOnly = true)
	public Optional<Instant> generatedAt() {
		List<Timestamp> at = jdbc.queryForList("select created_at from scim_token", Timestamp.class);
		return at.stream().findFirst().map(Timestamp::toInstant);
	}

	/**
	 * Whether an {@code Authorization} header carries the current organisation's token.
	 * The hashes are compared in constant time, so the answer's timing reveals nothing
	 * about the token.
	 */
	@Transactional(readOnly = true)
	public boolean authorized(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		List<byte[]> stored = jdbc.queryForList("select token_hash from scim_token", byte[].class);
		return !stored.isEmpty()
				&& MessageDigest.isEqual(stored.getFirst(), sha256(authorization.substring(7).strip()));
	}

	/** The base URL to enter in Okta's SCIM connection settings. */
	public String baseUrl(String slug) {
		return properties.publicBase() + "/scim/v2/" + slug;
	}

	private static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

}
