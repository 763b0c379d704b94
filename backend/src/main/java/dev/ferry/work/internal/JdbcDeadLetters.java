package dev.ferry.work.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import dev.ferry.system.TenantContext;
import dev.ferry.work.DeadLetter;
import dev.ferry.work.DeadLetters;
import dev.ferry.work.JobId;

/**
 * The dead-letter list, read and revived under row-level security and, as a second wall,
 * with the tenant in every query. A revived job is published by the relay within a relay
 * interval.
 */
@Component
class JdbcDeadLetters implements DeadLetters {

	private final JdbcTemplate jdbc;

	private final JobStore store;

	JdbcDeadLetters(JdbcTemplate jdbc, JobStore store) {
		this.jdbc = jdbc;
		this.store = store;
	}

	/**
	 * A job row as the problems page shows it; {@code at} is when it died, or when it is
	 * tried next.
	 */
	private static final RowMapper<DeadLetter> LETTER = (rs, n) -> new DeadLetter(
			new JobId(rs.getObject("id", UUID.class)), rs.getString("kind"), rs.getString("job_key"),
			JobStore.payload(rs.getString("payload")), rs.getInt("attempts"), instant(rs.getTimestamp("created_at")),
			instant(rs.getTimestamp("at")), rs.getString("error_kind"), rs.getString("error_message"),
			rs.getInt("http_status"), rs.getString("raw_response"), rs.getString("suggested_fix"));

	@Override
	public List<DeadLetter> list(int limit) {
		return jdbc.query("""
				select id, kind, job_key, payload::text as payload, attempts, created_at, finished_at as at, error_kind,
				       error_message, http_status, raw_response, suggested_fix
				from job where tenant_id = ? and status = 'DEAD'
				order by finished_at desc, id limit ?""", LETTER, TenantContext.require(), Math.max(1, limit));
	}

	@Override
	public List<DeadLetter> retrying(int limit) {
		return jdbc.query("""
				select id, kind, job_key, payload::text as payload, attempts, created_at, not_before as at, error_kind,
				       error_message, http_status, raw_response, suggested_fix
				from job where tenant_id = ? and status in ('PENDING', 'RUNNING') and error_kind is not null
				order by not_before, id limit ?""", LETTER, TenantContext.require(), Math.max(1, limit));
	}

	@Override
	public List<DeadLetter> deadOf(String kind, String key) {
		return jdbc.query("""
				select id, kind, job_key, payload::text as payload, attempts, created_at, finished_at as at, error_kind,
				       error_message, http_status, raw_response, suggested_fix
				from job where tenant_id = ? and kind = ? and job_key = ? and status = 'DEAD'
				order by finished_at desc, id limit 20""", LETTER, TenantContext.require(), kind, key);
	}

	@Override
	public List<DeadLetter> retryingOf(String kind, String key) {
		return jdbc.query("""
				select id, kind, job_key, payload::text as payload, attempts, created_at, not_before as at, error_kind,
				       error_message, http_status, raw_response, suggested_fix
				from job where tenant_id = ? and kind = ? and job_key = ? and status in ('PENDING', 'RUNNING')
				  and error_kind is not null
				order by not_before, id""", LETTER, TenantContext.require(), kind, key);
	}

	@Override
	public long retryingCount() {
		Long n = jdbc.queryForObject(
				"select count(*) from job where tenant_id = ? and status in ('PENDING', 'RUNNING') and error_kind is not null",
				Long.class, TenantContext.require());
		return n == null ? 0 : n;
	}

	@Override
	public boolean retry(JobId jobId) {
		return store.revive(TenantContext.require(), jobId.value());
	}

	@Override
	public int retryAll() {
		UUID tenant = TenantContext.require();
		List<UUID> dead = jdbc.queryForList("select id from job where tenant_id = ? and status = 'DEAD'", UUID.class,
				tenant);
		int revived = 0;
		for (UUID id : dead) {
			if (store.revive(tenant, id)) {
				revived++;
			}
		}
		return revived;
	}

	@Override
	public long count() {
		Long n = jdbc.queryForObject("select count(*) from job where tenant_id = ? and status = 'DEAD'", Long.class,
				TenantContext.require());
		return n == null ? 0 : n;
	}

	private static java.time.Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}
