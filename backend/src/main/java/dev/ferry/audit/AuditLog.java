package dev.ferry.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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

	/**
	 * Several entries of the current tenant within the caller's transaction, chained in list order with
	 * one lock, one read of the chain's end and one batched insert: a reconcile's writer commits hundreds
	 * of results at a time, and per-entry round trips were most of its cost.
	 */
	public void recordAll(List<AuditEntry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.current().orElse(null);
		for (AuditEntry entry : entries) {
			if (!Objects.equals(entry.tenantId(), tenant)) {
				throw new IllegalStateException("An audit entry for tenant " + entry.tenantId()
						+ " must be recorded while that tenant is current");
			}
		}
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			TenantContext.run(tenant, () -> separately.executeWithoutResult(status -> append(entries)));
			return;
		}
		append(entries);
	}

	private void append(AuditEntry entry) {
		append(List.of(entry));
	}

	private void append(List<AuditEntry> entries) {
		UUID tenant = entries.get(0).tenantId();
		Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
		String tenantKey = tenant == null ? "none" : tenant.toString();
		// one writer per tenant chain at a time; the lock ends with the transaction
		jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 42))", Object.class, "audit:" + tenantKey);
		// "tenant_id = ?" and "tenant_id is null", not "is not distinct from": only these two can walk the
		// (tenant_id, chain_seq desc) index; the other scans the tenant's whole chain on every append
		String where = tenant == null ? "tenant_id is null" : "tenant_id = ?";
		Object[] tenantArg = tenant == null ? new Object[0] : new Object[] { tenant };
		List<Map<String, Object>> last = jdbc.queryForList(
				"select chain_seq, hash from audit_event where " + where + " order by chain_seq desc limit 1", tenantArg);
		long seq = last.isEmpty() ? 0 : ((Number) last.get(0).get("chain_seq")).longValue();
		byte[] previous = last.isEmpty() ? null : (byte[]) last.get(0).get("hash");
		// PostgreSQL's own rendering of each entry's details as jsonb (what verification reads back, so what
		// the hash must cover), for all entries in one round trip, in order
		String[] raw = entries.stream().map(entry -> json.writeValueAsString(new TreeMap<>(entry.details())))
			.toArray(String[]::new);
		List<String> rendered = jdbc.query(connection -> {
			var statement = connection.prepareStatement(
					"select cast(d as jsonb)::text from unnest(?) with ordinality as t(d, n) order by n");
			statement.setArray(1, connection.createArrayOf("text", raw));
			return statement;
		}, (rows, n) -> rows.getString(1));
		String correlation = MDC.get("correlationId");
		String ip = MDC.get("clientIp");
		List<Object[]> rows = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			AuditEntry entry = entries.get(i);
			seq++;
			byte[] hash = chainHash(previous, seq, at, entry, rendered.get(i));
			rows.add(new Object[] { entry.tenantId(), seq, Timestamp.from(at), entry.actor().type(), entry.actor().id(),
					entry.actor().name(), entry.action(), entry.targetType(), entry.targetId(), entry.outcome().name(),
					rendered.get(i), correlation, ip, previous, hash });
			previous = hash;
		}
		jdbc.batchUpdate("insert into audit_event (tenant_id, chain_seq, occurred_at, actor_type, actor_id, actor_name, "
				+ "action, target_type, target_id, outcome, details, correlation_id, source_ip, prev_hash, hash) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)", rows);
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
