package dev.ferry.work.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.work.Job;

/**
 * The job table. Every method except those named "across tenants" runs under row-level
 * security for the thread's {@link dev.ferry.system.TenantContext}, which the caller sets
 * before; each statement outside a caller's transaction commits on its own. Times come
 * from PostgreSQL's clock, so every process agrees on when a job is due.
 */
@Component
class JobStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> PAYLOAD = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	JobStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Inserts a PENDING job, or merges the payload into the tenant's PENDING job of the
	 * same kind and key.
	 * @return the new job's id, empty when it merged
	 */
	Optional<UUID> insert(UUID tenant, String kind, String key, Map<String, String> payload) {
		return insert(tenant, kind, key, payload, null);
	}

	/**
	 * As {@link #insert(UUID, String, String, Map)}, noting the correlation id of the
	 * request or job that queued it; a merge keeps the waiting job's (the first change's,
	 * as it keeps its {@code created_at}).
	 */
	Optional<UUID> insert(UUID tenant, String kind, String key, Map<String, String> payload, String correlationId) {
		return jdbc.queryForObject(
				"""
						insert into job (id, tenant_id, kind, job_key, payload, status, attempts, not_before, created_at, published_at,
						                 correlation_id)
						values (?, ?, ?, ?, ?::jsonb, 'PENDING', 0, now(), now(), now(), ?)
						on conflict (tenant_id, kind, job_key) where status = 'PENDING'
						do update set payload = job.payload || excluded.payload,
						              correlation_id = coalesce(job.correlation_id, excluded.correlation_id)
						returning id, (xmax = 0) as inserted
						""",
				(rs, n) -> rs.getBoolean("inserted") ? Optional.of(rs.getObject("id", UUID.class)) : Optional.empty(),
				UUID.randomUUID(), tenant, kind, key, JSON.writeValueAsString(payload), correlationId);
	}

	Optional<Row> find(UUID id) {
		return jdbc
			.query("""
					select id, tenant_id, kind, job_key, payload::text as payload, status, attempts, not_before <= now() as due
					from job where id = ?""",
					(rs, n) -> row(rs), id)
			.stream()
			.findFirst();
	}

	/**
	 * Takes a due PENDING job for this worker (RUNNING, one more attempt).
	 * @return the job, or empty when it is not PENDING and due any more
	 * @throws KeyBusy when another job of the same kind and key is running
	 */
	Optional<Claimed> claim(UUID id, String workerId) {
		try {
			return jdbc
				.query("""
						update job set status = 'RUNNING', worker_id = ?, started_at = clock_timestamp(), attempts = attempts + 1,
						               published_at = null
						where id = ? and status = 'PENDING' and not_before <= now()
						returning id, tenant_id, kind, job_key, payload::text as payload, attempts, created_at, correlation_id""",
						(rs, n) -> new Claimed(
								new Job(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
										rs.getString("kind"), rs.getString("job_key"), payload(rs.getString("payload")),
										rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant()),
								rs.getString("correlation_id")),
						workerId, id)
				.stream()
				.findFirst();
		}
		catch (DuplicateKeyException ex) {
			throw new KeyBusy();
		}
	}

	/**
	 * Leaves a PENDING job waiting for {@code delay} and has the relay publish it again
	 * then.
	 */
	void postpone(UUID id, Duration delay) {
		jdbc.update("""
				update job set not_before = clock_timestamp() + ? * interval '1 millisecond', published_at = null
				where id = ? and status = 'PENDING'""", delay.toMillis(), id);
	}

	/**
	 * @return false when this worker no longer holds the job (its heartbeat was missed
	 * and it was released)
	 */
	boolean done(UUID id, String workerId) {
		return jdbc.update("""
				update job set status = 'DONE', finished_at = clock_timestamp(), worker_id = null,
				               throttled_since = null
				where id = ? and status = 'RUNNING' and worker_id = ?""", id, workerId) == 1;
	}

	/**
	 * Puts this worker's RUNNING job back to PENDING until {@code delay} has passed,
	 * recording the failure. When a PENDING job of the same key arrived meanwhile, merges
	 * into that one instead. A 429 keeps (or starts) the job's {@code throttled_since},
	 * any other failure ends it: the alert module tells people about throttling that
	 * lasts.
	 */
	void retryLater(UUID id, String workerId, Duration delay, Failure failure) {
		try {
			jdbc.update("""
					update job set status = 'PENDING', worker_id = null, published_at = null,
					               not_before = clock_timestamp() + ? * interval '1 millisecond',
					               error_kind = ?, error_message = ?, http_status = ?, raw_response = ?,
					               throttled_since = case when ? = 429
					                                      then coalesce(throttled_since, clock_timestamp()) end
					where id = ? and status = 'RUNNING' and worker_id = ?""", delay.toMillis(), failure.kind(),
					failure.message(), failure.httpStatus(), failure.rawResponse(), failure.httpStatus(), id, workerId);
		}
		catch (DuplicateKeyException ex) {
			mergeIntoPending(id, "RUNNING", workerId);
		}
	}

	/**
	 * Puts this worker's RUNNING job back to PENDING until {@code delay} has passed
	 * without counting the attempt: nothing was tried (a throttle asked to wait). Notes
	 * since when it has been held back ({@code throttled_since}, until it gets through):
	 * the MSP console's "throttling now" and the alerts about throttling that lasts.
	 * Merges into a PENDING job of the key if one arrived meanwhile.
	 */
	void defer(UUID id, String workerId, Duration delay) {
		try {
			jdbc.update("""
					update job set status = 'PENDING', worker_id = null, published_at = null,
					               attempts = greatest(attempts - 1, 0),
					               throttled_since = coalesce(throttled_since, clock_timestamp()),
					               not_before = clock_timestamp() + ? * interval '1 millisecond'
					where id = ? and status = 'RUNNING' and worker_id = ?""", delay.toMillis(), id, workerId);
		}
		catch (DuplicateKeyException ex) {
			mergeIntoPending(id, "RUNNING", workerId);
		}
	}

	/**
	 * Gives back this worker's RUNNING job, which it is stopping before the job could
	 * finish (a rolling restart): PENDING and due at once, the interrupted attempt not
	 * counted (the job did nothing wrong), and unpublished until the caller has put it on
	 * the stream. Merges into a PENDING job of the key if one arrived meanwhile.
	 * @return whether the job is now waiting as itself (to be published); false when it
	 * merged or was no longer this worker's
	 */
	boolean handBack(UUID id, String workerId) {
		try {
			return jdbc.update("""
					update job set status = 'PENDING', worker_id = null, published_at = null, not_before = now(),
					               attempts = greatest(attempts - 1, 0)
					where id = ? and status = 'RUNNING' and worker_id = ?""", id, workerId) == 1;
		}
		catch (DuplicateKeyException ex) {
			mergeIntoPending(id, "RUNNING", workerId);
			return false;
		}
	}

	/**
	 * Records {@code failure} as the last error of the tenant's PENDING job of this kind
	 * and key.
	 */
	void noteFailure(UUID tenant, String kind, String key, Failure failure) {
		jdbc.update("""
				update job set error_kind = ?, error_message = ?, http_status = ?, raw_response = ?
				where tenant_id = ? and kind = ? and job_key = ? and status = 'PENDING'""", failure.kind(),
				failure.message(), failure.httpStatus(), failure.rawResponse(), tenant, kind, key);
	}

	void dead(UUID id, String workerId, Failure failure) {
		jdbc.update("""
				update job set status = 'DEAD', worker_id = null, finished_at = clock_timestamp(),
				               error_kind = ?, error_message = ?, http_status = ?, raw_response = ?, suggested_fix = ?
				where id = ? and status = 'RUNNING' and worker_id = ?""", failure.kind(), failure.message(),
				failure.httpStatus(), failure.rawResponse(), failure.suggestedFix(), id, workerId);
	}

	/**
	 * A dead job back to PENDING with its attempts reset (merged into a PENDING one of
	 * the same key).
	 */
	boolean revive(UUID tenant, UUID id) {
		try {
			return jdbc.update("""
					update job set status = 'PENDING', attempts = 0, not_before = now(), published_at = null,
					               finished_at = null
					where id = ? and tenant_id = ? and status = 'DEAD'""", id, tenant) == 1;
		}
		catch (DuplicateKeyException ex) {
			return mergeIntoPending(id, "DEAD", null);
		}
	}

	/**
	 * The job {@code id} (in the given state) folds its payload into the PENDING job of
	 * its key and goes.
	 */
	private boolean mergeIntoPending(UUID id, String status, String workerId) {
		Boolean merged = transaction.execute(tx -> {
			int updated = jdbc
				.update("""
						update job p set payload = j.payload || p.payload, attempts = 0
						from job j
						where j.id = ? and j.status = ? and (cast(? as varchar) is null or j.worker_id = ?)
						  and p.tenant_id = j.tenant_id and p.kind = j.kind and p.job_key = j.job_key and p.status = 'PENDING'""",
						id, status, workerId, workerId);
			if (updated == 0) {
				return false;
			}
			jdbc.update("delete from job where id = ?", id);
			return true;
		});
		return Boolean.TRUE.equals(merged);
	}

	/**
	 * This tenant's due PENDING jobs that were never published (and, if asked, published
	 * long ago).
	 */
	List<UUID> duePublications(boolean includeStale, Duration grace, int limit) {
		return jdbc.queryForList("""
				select id from job
				where status = 'PENDING' and not_before <= now()
				  and (published_at is null or (? and published_at < now() - ? * interval '1 millisecond'))
				order by not_before limit ?""", UUID.class, includeStale, grace.toMillis(), limit);
	}

	void markPublished(List<UUID> ids) {
		jdbc.update(connection -> {
			var statement = connection
				.prepareStatement("update job set published_at = now() where status = 'PENDING' and id = any(?)");
			Array array = connection.createArrayOf("uuid", ids.toArray());
			statement.setArray(1, array);
			return statement;
		});
	}

	/**
	 * Across tenants: which have due jobs to publish, and whether any were never
	 * published.
	 */
	List<DueTenant> dueTenants(Duration grace) {
		return jdbc.query("select tenant_id, unpublished from ferry_work_due_tenants(? * interval '1 millisecond')",
				(rs, n) -> new DueTenant(rs.getObject("tenant_id", UUID.class), rs.getBoolean("unpublished")),
				grace.toMillis());
	}

	/**
	 * Across tenants: RUNNING jobs of workers silent for {@code timeout} go back to
	 * PENDING.
	 */
	int releaseOrphans(Duration timeout) {
		Integer n = jdbc.queryForObject("select ferry_work_release_orphans(? * interval '1 millisecond')",
				Integer.class, timeout.toMillis());
		return n == null ? 0 : n;
	}

	/**
	 * Across tenants: every organisation's queue, for the per-organisation gauges (one
	 * query, V32).
	 */
	List<TenantGauges> tenantGauges() {
		return jdbc.query(
				"select tenant_id, slug, pending, due, running, dead, oldest_due_seconds from ferry_work_tenant_gauges()",
				(rs, n) -> new TenantGauges(rs.getObject("tenant_id", UUID.class), rs.getString("slug"),
						rs.getLong("pending"), rs.getLong("due"), rs.getLong("running"), rs.getLong("dead"),
						rs.getDouble("oldest_due_seconds")));
	}

	/** Across tenants. */
	long pendingTotal() {
		Long n = jdbc.queryForObject("select ferry_work_pending_total()", Long.class);
		return n == null ? 0 : n;
	}

	/** Across tenants. */
	int purge(Duration keep) {
		Integer n = jdbc.queryForObject("select ferry_work_purge(? * interval '1 millisecond')", Integer.class,
				keep.toMillis());
		return n == null ? 0 : n;
	}

	void heartbeat(String workerId, String host) {
		jdbc.update("""
				insert into work_worker (id, host, started_at, heartbeat_at) values (?, ?, now(), now())
				on conflict (id) do update set heartbeat_at = now()""", workerId, host);
	}

	void forgetWorker(String workerId) {
		jdbc.update("delete from work_worker where id = ?", workerId);
	}

	static Map<String, String> payload(String json) {
		return json == null ? Map.of() : JSON.readValue(json, PAYLOAD);
	}

	static String json(Map<String, String> payload) {
		return JSON.writeValueAsString(payload);
	}

	private static Row row(ResultSet rs) throws SQLException {
		return new Row(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("kind"),
				rs.getString("job_key"), rs.getString("status"), rs.getInt("attempts"), rs.getBoolean("due"));
	}

	record Row(UUID id, UUID tenantId, String kind, String key, String status, int attempts, boolean due) {

		boolean pending() {
			return "PENDING".equals(status);
		}

	}

	record DueTenant(UUID tenantId, boolean unpublished) {

	}

	/**
	 * A claimed job and the correlation id of the request or job that queued it (null
	 * when none did).
	 */
	record Claimed(Job job, String correlationId) {

	}

	/** One organisation's queue: jobs by status and the oldest due job's wait. */
	record TenantGauges(UUID tenantId, String slug, long pending, long due, long running, long dead,
			double oldestDueSeconds) {

		long count(String status) {
			return switch (status) {
				case "pending" -> pending;
				case "due" -> due;
				case "running" -> running;
				case "dead" -> dead;
				default -> throw new IllegalArgumentException(status);
			};
		}

	}

	/** Another job of the same tenant, kind and key is running. */
	static final class KeyBusy extends RuntimeException {

		KeyBusy() {
			super(null, null, false, false);
		}

	}

}
