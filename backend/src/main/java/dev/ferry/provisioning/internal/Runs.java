package dev.ferry.provisioning.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.RecordedOperation;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.RunStatus;
import dev.ferry.provisioning.RunSummary;
import dev.ferry.system.TenantContext;

/**
 * Runs and their operations for the current tenant: counts, progress and per-attribute
 * diffs.
 */
@Component
public class Runs {

	static final String ABANDONED = "Stopped before finishing: the process running it stopped, or the request was "
			+ "merged into a later one. A later run of the same work carried on.";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	Runs(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * @param jobKey the key of the job that applies the run (each run kind is applied by
	 * one job kind), so a later job of that key can tell the run was left behind
	 * ({@link #closeAbandoned})
	 */
	public UUID start(RunKind kind, String trigger, RunStatus status, String jobKey) {
		UUID id = UUID.randomUUID();
		jdbc.update(
				"insert into run (id, tenant_id, kind, trigger, status, started_at, job_key) values (?, ?, ?, ?, ?, ?, ?)",
				id, TenantContext.require(), kind.name(), trigger.length() > 64 ? trigger.substring(0, 64) : trigger,
				status.name(), Timestamp.from(clock.instant()), jobKey);
		return id;
	}

	/**
	 * Ends, as FAILED with the reason, the runs of this kind and job key that are still
	 * planning or applying although no job is working on them. A job handler calls it
	 * when it starts: PostgreSQL runs only one job of a key at a time, so such a run
	 * belongs to an attempt whose process died mid-run (SIGKILL, OOM, a lost node:
	 * nothing in it could record an outcome, and the work queue gave the job to this
	 * attempt or merged it into this job), or to a request merged into this job before it
	 * started. Without this, such a run would show "applying" for ever. (A presumed-dead
	 * worker that is in fact still running would have its run ended too; its own final
	 * status, written later, then wins.)
	 * @param keep the run this job carries on (one an admin started and is watching), or
	 * null; runs started after it are waiting for a job of their own and are left alone
	 * @return how many runs were ended
	 */
	public int closeAbandoned(RunKind kind, String jobKey, UUID keep) {
		Timestamp now = Timestamp.from(clock.instant());
		return jdbc.update(
				"update run set status = 'FAILED', finished_at = ?, message = ? where kind = ? and job_key = ? "
						+ "and status in ('PLANNING', 'APPLYING') and id is distinct from ? "
						+ "and started_at <= coalesce((select r.started_at from run r where r.id = ?), ?)",
				now, ABANDONED, kind.name(), jobKey, keep, keep, now);
	}

	/**
	 * A run carried on by a later attempt of its job (the earlier one died or failed
	 * retryably): planning again, with its counts cleared so that they and the progress
	 * bar describe the plan this attempt makes. What the earlier attempt applied stays in
	 * the run's operations.
	 */
	public void resume(UUID run) {
		jdbc.update(
				"update run set status = 'PLANNING', applied = 0, skipped = 0, failed = 0, held = 0, message = null, "
						+ "finished_at = null where id = ? and status <> 'PLANNING'",
				run);
	}

	public void planned(UUID run, int total, int planned, int held) {
		jdbc.update("update run set total = ?, planned = ?, held = ? where id = ?", total, planned, held, run);
	}

	/**
	 * Sets the run's status. DONE is stored as INCOMPLETE when any of its operations
	 * failed: a run with failures never reads as plain done (each failed person is
	 * retried as a work item of its own, {@link FailedOperations}).
	 */
	public void status(UUID run, RunStatus status, String message) {
		jdbc.update(
				"update run set status = case when ? = 'DONE' and failed > 0 then 'INCOMPLETE' else ? end, "
						+ "message = ?, finished_at = ? where id = ?",
				status.name(), status.name(),
				message == null ? null : message.length() > 1000 ? message.substring(0, 1000) : message,
				status.finished() ? Timestamp.from(clock.instant()) : null, run);
	}

	/**
	 * Forgets a run nothing was recorded on (its job was deferred before it could try
	 * anything).
	 */
	public void discardIfEmpty(UUID run) {
		jdbc.update(
				"delete from run r where r.id = ? and not exists (select 1 from run_operation o where o.run_id = r.id)",
				run);
	}

	/**
	 * Adds to the run's counters in one statement, so parallel appliers never lose a
	 * count.
	 */
	public void count(UUID run, int applied, int skipped, int failed) {
		jdbc.update("update run set applied = applied + ?, skipped = skipped + ?, failed = failed + ? where id = ?",
				applied, skipped, failed, run);
	}

	public long record(UUID run, Operation operation, OperationStatus status, String error) {
		return jdbc.queryForObject(
				"insert into run_operation (run_id, tenant_id, op, identity_id, account_id, label, "
						+ "changes, status, error) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?) returning id",
				Long.class, run, TenantContext.require(), operation.kind().name(), operation.identityId(),
				operation.accountId(), truncate(operation.label(), 255), json.writeValueAsString(operation.changes()),
				status.name(), truncate(error, 2000));
	}

	/**
	 * Many operations' outcomes in one batched statement: a reconcile's writer records
	 * hundreds at a time.
	 */
	public void recordAll(UUID run, List<Recorded> outcomes) {
		UUID tenant = TenantContext.require();
		jdbc.batchUpdate(
				"insert into run_operation (run_id, tenant_id, op, identity_id, account_id, label, changes, "
						+ "status, error) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)",
				outcomes.stream()
					.map(outcome -> new Object[] { run, tenant, outcome.operation().kind().name(),
							outcome.operation().identityId(), outcome.operation().accountId(),
							truncate(outcome.operation().label(), 255),
							json.writeValueAsString(outcome.operation().changes()), outcome.status().name(),
							truncate(outcome.error(), 2000) })
					.toList());
	}

	/** An operation with the status it ended in (and why, when it failed). */
	public record Recorded(Operation operation, OperationStatus status, String error) {
	}

	public void operationStatus(long operationId, OperationStatus status, String error) {
		jdbc.update("update run_operation set status = ?, error = ? where id = ?", status.name(), truncate(error, 2000),
				operationId);
	}

	/**
	 * Disables and deletes applied or held recently: the guard against a mass
	 * deprovisioning by single changes.
	 */
	public long recentDestructive(java.time.Duration window) {
		return jdbc.queryForObject("select count(*) from run_operation o join run r on r.id = o.run_id "
				+ "where o.op in ('DISABLE_ACCOUNT', 'DELETE_ACCOUNT') and o.status in ('APPLIED', 'HELD') "
				+ "and r.started_at > ?", Long.class, Timestamp.from(clock.instant().minus(window)));
	}

	public Optional<RunSummary> find(UUID run) {
		return jdbc.query("select * from run where id = ?", (rows, i) -> map(rows), run).stream().findFirst();
	}

	public List<RunSummary> latest(int limit) {
		return jdbc.query("select * from run order by started_at desc limit ?", (rows, i) -> map(rows), limit);
	}

	public List<RecordedOperation> operations(UUID run, OperationStatus status, int limit) {
		String where = status == null ? "" : " and status = ?";
		Object[] args = status == null ? new Object[] { run, limit } : new Object[] { run, status.name(), limit };
		return jdbc.query(
				"select id, op, identity_id, account_id, label, changes::text, status, error from run_operation "
						+ "where run_id = ?" + where + " order by id limit ?",
				(rows, i) -> new RecordedOperation(rows.getLong(1), rows.getString(2), rows.getString(3),
						rows.getString(4), rows.getString(5), rows.getString(6),
						OperationStatus.valueOf(rows.getString(7)), rows.getString(8)),
				args);
	}

	private static RunSummary map(ResultSet rows) throws SQLException {
		Timestamp finished = rows.getTimestamp("finished_at");
		return new RunSummary((UUID) rows.getObject("id"), RunKind.valueOf(rows.getString("kind")),
				rows.getString("trigger"), RunStatus.valueOf(rows.getString("status")), rows.getInt("total"),
				rows.getInt("planned"), rows.getInt("applied"), rows.getInt("skipped"), rows.getInt("failed"),
				rows.getInt("held"), rows.getString("message"), rows.getTimestamp("started_at").toInstant(),
				finished == null ? null : finished.toInstant());
	}

	private static String truncate(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

}
