package dev.ferry.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.TenantContext;

/**
 * Appends audit events. {@link #record} writes inside the caller's transaction, so a change and its
 * audit event commit together or not at all; {@link #recordNow} writes in its own transaction, for
 * events that must survive the request failing (a refused sign-in, a denied cross-tenant request).
 */
@Service
public class AuditLog {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final TransactionTemplate separately;

	AuditLog(JdbcTemplate jdbc, JsonMapper json, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.separately = new TransactionTemplate(transactions);
		this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Within the current transaction; the entry's tenant must be the current tenant (or both none). */
	public void record(AuditEntry entry) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			recordNow(entry);
			return;
		}
		if (!Objects.equals(entry.tenantId(), TenantContext.current().orElse(null))) {
			throw new IllegalStateException("An audit entry for tenant " + entry.tenantId()
					+ " must be recorded while that tenant is current");
		}
		append(entry);
	}

	/** In a transaction of its own, as the entry's tenant; committed even if the caller's work fails. */
	public void recordNow(AuditEntry entry) {
		TenantContext.run(entry.tenantId(), () -> separately.executeWithoutResult(status -> append(entry)));
	}

	private void append(AuditEntry entry) {
		Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
		String tenantKey = entry.tenantId() == null ? "none" : entry.tenantId().toString();
		// one writer per tenant chain at a time; the lock ends with the transaction
		jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 42))", Object.class, "audit:" + tenantKey);
		// one round trip: the chain's last link, and PostgreSQL's own rendering of the details as jsonb
		// (what verification reads back, so what the hash must cover)
		Map<String, Object> last = jdbc.queryForMap("select cast(? as jsonb)::text as details, e.chain_seq, e.hash "
				+ "from (select 1) one left join lateral (select chain_seq, hash from audit_event "
				+ "where tenant_id is not distinct from ? order by chain_seq desc limit 1) e on true",
				json.writeValueAsString(new TreeMap<>(entry.details())), entry.tenantId());
		long seq = last.get("chain_seq") == null ? 1 : ((Number) last.get("chain_seq")).longValue() + 1;
		byte[] previous = (byte[]) last.get("hash");
		String details = (String) last.get("details");
		String correlation = MDC.get("correlationId");
		String ip = MDC.get("clientIp");
		byte[] hash = chainHash(previous, seq, at, entry, details);
		jdbc.update("insert into audit_event (tenant_id, chain_seq, occurred_at, actor_type, actor_id, actor_name, "
				+ "action, target_type, target_id, outcome, details, correlation_id, source_ip, prev_hash, hash) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)", entry.tenantId(), seq,
				Timestamp.from(at), entry.actor().type(), entry.actor().id(), entry.actor().name(), entry.action(),
				entry.targetType(), entry.targetId(), entry.outcome().name(), details, correlation, ip, previous, hash);
	}

	/**
	 * sha256(previous hash, then each field in a fixed order): any change to a stored event, or a deleted
	 * or reordered one, breaks every later link of that tenant's chain.
	 */
	static byte[] chainHash(byte[] previous, long seq, Instant at, AuditEntry entry, String details) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			if (previous != null) {
				digest.update(previous);
			}
			String canonical = String.join("\u001f", Long.toString(seq), at.toString(),
					String.valueOf(entry.actor().type()), String.valueOf(entry.actor().id()),
					String.valueOf(entry.actor().name()), entry.action(), String.valueOf(entry.targetType()),
					String.valueOf(entry.targetId()), entry.outcome().name(), details);
			return digest.digest(canonical.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}


}
