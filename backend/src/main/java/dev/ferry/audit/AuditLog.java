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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.AdvisoryLocks;
import dev.ferry.system.RequestOrigin;
import dev.ferry.system.TenantContext;

/**
 * Appends audit events. {@link #record} writes inside the caller's transaction, so a
 * change and its audit event commit together or not at all; {@link #recordNow} writes in
 * its own transaction, for events that must survive the request failing (a refused
 * sign-in, a denied cross-tenant request).
 *
 * <p>
 * No field of an entry can make the insert fail: text longer than its column is cut to
 * fit with a hash of the whole value, and the whole value is kept in the details
 * ({@link AuditBounds}). Each event carries the request's source IP and correlation id
 * ({@link RequestOrigin}), and its hash covers them and the tenant (hash version 2;
 * docs/security.md).
 */
@Service
public class AuditLog {

	/**
	 * The hash layout of new events: 2 also covers the tenant, the correlation id and the
	 * source IP.
	 */
	static final int HASH_VERSION = 2;

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final TransactionTemplate separately;

	private final Counter failures;

	private final AdvisoryLocks locks;

	AuditLog(JdbcTemplate jdbc, JsonMapper json, Clock clock, PlatformTransactionManager transactions,
			MeterRegistry meters, AdvisoryLocks locks) {
		this.locks = locks;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.separately = new TransactionTemplate(transactions);
		this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.failures = Counter.builder("ferry.audit.write.failures")
			.description("Audit events recordNow could not write (logged with the event)")
			.register(meters);
	}

	/**
	 * Within the current transaction; the entry's tenant must be the current tenant (or
	 * both none).
	 */
	public void record(AuditEntry entry) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			recordNow(entry);
			return;
		}
		if (!Objects.equals(entry.tenantId(), TenantContext.current().orElse(null))) {
			throw new IllegalStateException(
					"An audit entry for tenant " + entry.tenantId() + " must be recorded while that tenant is current");
		}
		append(entry);
	}

	/**
	 * In a transaction of its own, as the entry's tenant; committed even if the caller's
	 * work fails. It never throws: these events accompany an answer (a refusal, a denial,
	 * a failed sign-in) that must not change because the audit could not be written. A
	 * failure is logged with the event and counted ({@code ferry.audit.write.failures}).
	 * @return whether the event was written
	 */
	public boolean recordNow(AuditEntry entry) {
		try {
			TenantContext.run(entry.tenantId(), () -> separately.executeWithoutResult(status -> append(entry)));
			return true;
		}
		catch (RuntimeException ex) {
			failures.increment();
			log.error("Could not write audit event {} {} of tenant {} ({}): {}", entry.action(), entry.outcome(),
					entry.tenantId(), entry.targetType(), ex.toString());
			return false;
		}
	}

	/**
	 * Several entries of the current tenant within the caller's transaction, chained in
	 * list order with one lock, one read of the chain's end and one batched insert: a
	 * reconcile's writer commits hundreds of results at a time, and per-entry round trips
	 * were most of its cost.
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

	private void append(List<AuditEntry> given) {
		List<AuditEntry> entries = given.stream().map(AuditBounds::fit).toList();
		UUID tenant = entries.get(0).tenantId();
		Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
		String tenantKey = tenant == null ? "none" : tenant.toString();
		// one writer per tenant chain at a time; the lock ends with the transaction
		locks.lock(AdvisoryLocks.Space.AUDIT_CHAIN, tenantKey);
		// "tenant_id = ?" and "tenant_id is null", not "is not distinct from": only these
		// two can walk the
		// (tenant_id, chain_seq desc) index; the other scans the tenant's whole chain on
		// every append
		String where = tenant == null ? "tenant_id is null" : "tenant_id = ?";
		Object[] tenantArg = tenant == null ? new Object[0] : new Object[] { tenant };
		List<Map<String, Object>> last = jdbc.queryForList(
				"select chain_seq, hash from audit_event where " + where + " order by chain_seq desc limit 1",
				tenantArg);
		long seq = last.isEmpty() ? 0 : ((Number) last.get(0).get("chain_seq")).longValue();
		byte[] previous = last.isEmpty() ? null : (byte[]) last.get(0).get("hash");
		// PostgreSQL's own rendering of each entry's details as jsonb (what verification
		// reads back, so what
		// the hash must cover), for all entries in one round trip, in order
		String[] raw = entries.stream()
			.map(entry -> json.writeValueAsString(new TreeMap<>(entry.details())))
			.toArray(String[]::new);
		List<String> rendered = jdbc.query(connection -> {
			var statement = connection
				.prepareStatement("select cast(d as jsonb)::text from unnest(?) with ordinality as t(d, n) order by n");
			statement.setArray(1, connection.createArrayOf("text", raw));
			return statement;
		}, (rows, n) -> rows.getString(1));
		String correlation = AuditBounds.cut(RequestOrigin.correlationId().orElse(null), 64);
		String ip = AuditBounds.cut(RequestOrigin.clientIp().orElse(null), 64);
		List<Object[]> rows = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			AuditEntry entry = entries.get(i);
			seq++;
			byte[] hash = chainHash(HASH_VERSION, previous, seq, at, entry, rendered.get(i), correlation, ip);
			rows.add(new Object[] { entry.tenantId(), seq, Timestamp.from(at), entry.actor().type(), entry.actor().id(),
					entry.actor().name(), entry.action(), entry.targetType(), entry.targetId(), entry.outcome().name(),
					rendered.get(i), correlation, ip, previous, hash, HASH_VERSION });
			previous = hash;
		}
		jdbc.batchUpdate(
				"insert into audit_event (tenant_id, chain_seq, occurred_at, actor_type, actor_id, actor_name, "
						+ "action, target_type, target_id, outcome, details, correlation_id, source_ip, prev_hash, hash, "
						+ "hash_version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?)",
				rows);
	}

	/**
	 * sha256(previous hash, then each field in a fixed order): any change to a stored
	 * event, or a deleted or reordered one, breaks every later link of that tenant's
	 * chain. Version 1 (events written before December 2026) covers neither the tenant
	 * nor where the request came from; version 2 does.
	 */
	static byte[] chainHash(int version, byte[] previous, long seq, Instant at, AuditEntry entry, String details,
			String correlationId, String sourceIp) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			if (previous != null) {
				digest.update(previous);
			}
			List<String> fields = new ArrayList<>(List.of(Long.toString(seq), at.toString(),
					String.valueOf(entry.actor().type()), String.valueOf(entry.actor().id()),
					String.valueOf(entry.actor().name()), entry.action(), String.valueOf(entry.targetType()),
					String.valueOf(entry.targetId()), entry.outcome().name(), details));
			if (version >= 2) {
				fields.addAll(List.of(String.valueOf(entry.tenantId()), String.valueOf(correlationId),
						String.valueOf(sourceIp)));
			}
			String canonical = String.join("\u001f", fields);
			return digest.digest(canonical.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
