package dev.ferry.auditfeed;

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
import dev.ferry.connection.Credentials;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.TenantKind;

/**
 * The audit API's bearer tokens, several per organisation and each named, shown once and
 * kept only as a SHA-256 hash ({@link Credentials}), with when each was last used. A
 * token of scope {@link Scope#MSP} is made in an MSP's organisation and also reads the
 * customers the MSP manages — decided at each request, not when the token was made.
 */
@Service
class ApiTokens {

	/** Enough for a rotation and a few SIEMs or auditors; more is a mistake. */
	static final int MAX_LIVE = 5;

	/** Last use is written at most this often per token, not on every request. */
	private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ApiTokens(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** What a token may read. */
	enum Scope {

		/** Its own organisation's events. */
		TENANT,

		/** Its own MSP organisation's and those of the customers it manages now. */
		MSP

	}

	/**
	 * A new token of the current organisation; the value returned is never shown again.
	 * @throws Refusal when the name is unusable, the scope is MSP outside an MSP, or
	 * {@value #MAX_LIVE} tokens are live
	 */
	@Transactional
	public String create(String name, Scope scope, TenantKind kind, AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		String label = Credentials.name(name);
		if (scope == Scope.MSP && kind != TenantKind.MSP) {
			throw new Refusal("auditfeed.flash.token.notMsp");
		}
		Integer live = jdbc.queryForObject("select count(*) from audit_api_token", Integer.class);
		if (live != null && live >= MAX_LIVE) {
			throw new Refusal("auditfeed.flash.token.tooMany", MAX_LIVE);
		}
		String token = Credentials.newSecret();
		UUID id = UUID.randomUUID();
		jdbc.update(
				"insert into audit_api_token (tenant_id, id, name, scope, token_hash, created_at, created_by) "
						+ "values (?, ?, ?, ?, ?, ?, ?)",
				tenant, id, label, scope.name(), Credentials.sha256(token), Timestamp.from(clock.instant()),
				actor.name());
		events.publishEvent(new Happened(tenant, actor, "audit.api.token_created", "audit_api_token", id.toString(),
				AuditEntry.Outcome.SUCCESS, Map.of("name", label, "scope", scope.name())));
		return token;
	}

	/**
	 * Revokes a token at once: the next request presenting it is refused.
	 * @return whether there was such a token
	 */
	@Transactional
	public boolean revoke(UUID id, AuditEntry.Actor actor) {
		List<String> names = jdbc.queryForList("delete from audit_api_token where id = ? returning name", String.class,
				id);
		if (names.isEmpty()) {
			return false;
		}
		events.publishEvent(new Happened(TenantContext.require(), actor, "audit.api.token_revoked", "audit_api_token",
				id.toString(), AuditEntry.Outcome.SUCCESS, Map.of("name", names.getFirst())));
		return true;
	}

	/** The current organisation's live tokens, oldest first (never their values). */
	@Transactional(readOnly = true)
	public List<Token> list() {
		return jdbc.query("select id, name, scope, created_at, created_by, last_used_at from audit_api_token "
				+ "order by created_at, id", (rs, n) -> {
					Timestamp used = rs.getTimestamp("last_used_at");
					return new Token(rs.getObject("id", UUID.class), rs.getString("name"),
							Scope.valueOf(rs.getString("scope")), rs.getTimestamp("created_at").toInstant(),
							rs.getString("created_by"), used == null ? null : used.toInstant());
				});
	}

	/**
	 * The token a bearer value is, in any organisation (the API's URLs name none), and
	 * its use noted. The lookup is by the hash of a 256-bit random value, so its timing
	 * tells a caller nothing about any token. Not one transaction: the lookup runs as no
	 * organisation, the note of its use as the token's (each connection carries its
	 * organisation from the moment it is handed out).
	 */
	public Optional<Caller> authenticate(String bearer) {
		if (bearer == null || bearer.isBlank() || bearer.length() > 200) {
			return Optional.empty();
		}
		List<Caller> found = jdbc.query("select tenant_id, id, name, scope, kind from ferry_audit_token(?)",
				(rs, n) -> new Caller(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
						rs.getString("name"),
						// a token whose organisation is no longer an MSP reads only its
						// own
						"MSP".equals(rs.getString("kind")) ? Scope.valueOf(rs.getString("scope")) : Scope.TENANT),
				(Object) Credentials.sha256(bearer.strip()));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Caller caller = found.getFirst();
		Instant now = clock.instant();
		TenantContext.run(caller.tenant(),
				() -> jdbc.update(
						"update audit_api_token set last_used_at = ? where id = ? "
								+ "and (last_used_at is null or last_used_at < ?)",
						Timestamp.from(now), caller.token(), Timestamp.from(now.minus(LAST_USED_PRECISION))));
		return Optional.of(caller);
	}

	/**
	 * A live token as the page shows it.
	 *
	 * @param lastUsedAt when it was last presented (to the minute); null when never
	 */
	record Token(UUID id, String name, Scope scope, Instant createdAt, String createdBy, Instant lastUsedAt) {

	}

	/** Who is calling the API: a token, its organisation and what it may read. */
	record Caller(UUID tenant, UUID token, String name, Scope scope) {

	}

}
