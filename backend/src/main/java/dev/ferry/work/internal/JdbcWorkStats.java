package dev.ferry.work.internal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.system.TenantContext;
import dev.ferry.work.WorkStats;

@Component
class JdbcWorkStats implements WorkStats {

	private final JdbcTemplate jdbc;

	JdbcWorkStats(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Counts current() {
		return jdbc.queryForObject("""
				select count(*) filter (where status = 'PENDING') as pending,
				       count(*) filter (where status = 'RUNNING') as running,
				       count(*) filter (where status = 'DEAD') as dead,
				       count(*) filter (where status = 'DONE' and finished_at > now() - interval '1 hour') as done
				from job where tenant_id = ?""", (rs, n) -> new Counts(rs.getLong("pending"), rs.getLong("running"),
				rs.getLong("dead"), rs.getLong("done")), TenantContext.require());
	}

	@Override
	public long active(String kind) {
		return jdbc.queryForObject(
				"select count(*) from job where tenant_id = ? and status in ('PENDING', 'RUNNING') and kind = ?",
				Long.class, TenantContext.require(), kind);
	}

	/** Answered by the indexes that keep one waiting and one running job per key. */
	@Override
	public boolean busy(String kind, String key) {
		return Boolean.TRUE.equals(jdbc.queryForObject(
				"""
						select exists (select 1 from job where tenant_id = ? and kind = ? and job_key = ? and status = 'PENDING')
						    or exists (select 1 from job where tenant_id = ? and kind = ? and job_key = ? and status = 'RUNNING')""",
				Boolean.class, TenantContext.require(), kind, key, TenantContext.require(), kind, key));
	}

	@Override
	public long queued() {
		return jdbc.queryForObject("select count(*) from job where tenant_id = ? and status in ('PENDING', 'RUNNING')",
				Long.class, TenantContext.require());
	}

	@Override
	public long waiting(String kind) {
		return jdbc.queryForObject("select count(*) from job where tenant_id = ? and status = 'PENDING' and kind = ?",
				Long.class, TenantContext.require(), kind);
	}

}
