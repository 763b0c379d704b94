package dev.ferry.provisioning.internal.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.connector.Throttled;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.RecordedOperation;
import dev.ferry.provisioning.RunId;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.RunStatus;
import dev.ferry.provisioning.RunSummary;
import dev.ferry.provisioning.internal.activity.OperationRollup;
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

	private final OperationRollup rollup;

	Runs(JdbcTemplate jdbc, JsonMapper json, Clock clock, OperationRollup rollup) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.rollup = rollup;
	}

	/**
	 * One run of a job, to {@link Tracker#track track}: every handler starts, fills and
	 * ends its run this way, so no run is left planning or applying when its work throws.
	 * @param jobKey the key of the job that applies the run (see {@link #start})
	 */
	public Tracker run(RunKind kind, String trigger, String jobKey) {
		return new Tracker(this, kind, trigger, jobKey, null, RunStatus.APPLYING, false, false, null);
	}

	/**
	 * How a run is started and ended. By default it is started applying, before the work
	 * runs.
	 *
	 * @param resume a run started earlier (by an admin, who is watching it) that this job
	 * carries on; null: a new one
	 * @param lazy started only when the work records something or fails
	 * @param discardThrottled forgotten when the target asked to wait before anything was
	 * recorded: the job comes back, and this run never happened
	 * @param changedAt when the change the run carries out reached Ferry, or null: the
	 * start of the change → ShareFile latency its operations add to the dashboard
	 */
	public record Tracker(Runs runs, RunKind kind, String trigger, String jobKey, UUID resume, RunStatus status,
			boolean lazy, boolean discardThrottled, Instant changedAt) {

		public Tracker resuming(UUID run) {
			return new Tracker(runs, kind, trigger, jobKey, run, status, lazy, discardThrottled, changedAt);
		}

		public Tracker planning() {
			return new Tracker(runs, kind, trigger, jobKey, resume, RunStatus.PLANNING, lazy, discardThrottled,
					changedAt);
		}

		public Tracker lazily() {
			return new Tracker(runs, kind, trigger, jobKey, resume, status, true, discardThrottled, changedAt);
		}

		public Tracker discardWhenThrottled() {
			return new Tracker(runs, kind, trigger, jobKey, resume, status, lazy, true, changedAt);
		}

		public Tracker changedAt(Instant at) {
			return new Tracker(runs, kind, trigger, jobKey, resume, status, lazy, discardThrottled, at);
		}

		/**
		 * Starts (or resumes) the run, runs {@code work} on it and ends the run as the
		 * work says; a run started lazily that recorded nothing and ends plainly done is
		 * never written. Whatever {@code work} throws (checked or not, an {@link Error}
		 * too) ends the run FAILED with its message and is thrown on, for the work queue
		 * to retry or dead-letter.
		 */
		public RunScope.Ending track(RunScope.Work work) throws Exception {
			RunScope scope = new RunScope(runs, kind, trigger, status, jobKey, changedAt, lazy ? null : begin());
			RunScope.Ending ending;
			try {
				ending = work.run(scope);
			}
			catch (Throwable ex) {
				try {
					fail(scope, ex);
				}
				catch (RuntimeException failedToEnd) {
					ex.addSuppressed(failedToEnd);
				}
				throw ex;
			}
			if (scope.started() || ending.message() != null || ending.status() != RunStatus.DONE) {
				runs.status(scope.id(), ending.status(), ending.message());
			}
			return ending;
		}

		private UUID begin() {
			if (resume == null) {
				return runs.start(kind, trigger, status, jobKey, changedAt);
			}
			runs.resume(resume);
			return resume;
		}

		private void fail(RunScope scope, Throwable ex) {
			if (discardThrottled && ex instanceof Throttled && scope.recorded() == 0
					&& (!scope.started() || runs.discardIfEmpty(scope.id()))) {
				return;
			}
			if (!scope.plannedSet() && scope.recorded() > 0) {
				// what it got through before it failed, so the run's progress says how
				// far
				runs.planned(scope.id(), 0, scope.recorded(), 0);
			}
			runs.status(scope.id(), RunStatus.FAILED,
					ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName());
		}

	}

	/**
	 * @param jobKey the key of the job that applies the run (each run kind is applied by
	 * one job kind), so a later job of that key can tell the run was left behind
	 * ({@link #closeAbandoned})
	 */
	public UUID start(RunKind kind, String trigger, RunStatus status, String jobKey) {
		return start(kind, trigger, status, jobKey, null);
	}

	/**
	 * @param changedAt when the change this run carries out reached Ferry, or null (see
	 * {@link Tracker})
	 */
	public UUID start(RunKind kind, String trigger, RunStatus status, String jobKey, Instant changedAt) {
		UUID id = UUID.randomUUID();
		jdbc.update(
				"insert into run (id, tenant_id, kind, trigger, status, started_at, job_key, changed_at) "
						+ "values (?, ?, ?, ?, ?, ?, ?, ?)",
				id, TenantContext.require(), kind.name(), trigger.length() > 64 ? trigger.substring(0, 64) : trigger,
				status.name(), Timestamp.from(clock.instant()), jobKey,
				changedAt == null ? null : Timestamp.from(changedAt));
		return id;
	}

	/** When the change a run carried out reached Ferry, if it was recorded. */
	public Optional<Instant> changedAt(UUID run) {
		return jdbc
			.query("select changed_at from run where id = ? and changed_at is not null",
					(rows, i) -> rows.getTimestamp(1).toInstant(), run)
			.stream()
			.findFirst();
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
	public boolean discardIfEmpty(UUID run) {
		return 1 == jdbc.update(
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

	/**
	 * Records one operation's status on the run; an outcome (applied, failed) is also
	 * added to the dashboard's hour, with the latency from the run's change to now.
	 */
	public long record(UUID run, Operation operation, OperationStatus status, String error) {
		UUID tenant = TenantContext.require();
		// the latency in the same round trip, by the database's clock, which also stamped
		// the change
		Map<String, Object> inserted = jdbc.queryForMap(
				"insert into run_operation (run_id, tenant_id, op, identity_id, account_id, label, "
						+ "changes, status, error) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?) returning id, "
						+ LATENCY.replace("?", "run_id") + " as latency",
				run, tenant, operation.kind().name(), operation.identityId(), operation.accountId(),
				truncate(operation.label(), 255), json.writeValueAsString(operation.changes()), status.name(),
				truncate(error, 2000));
		rollup.add(tenant, new OperationRollup.Tally().add(operation.kind(), status, latency(inserted.get("latency"))));
		return ((Number) inserted.get("id")).longValue();
	}

	/**
	 * Milliseconds from the change of the run {@code ?} to now by the database's clock;
	 * null when the run has none.
	 */
	private static final String LATENCY = "(select (extract(epoch from clock_timestamp() - r.changed_at) * 1000)::bigint "
			+ "from run r where r.id = ?)";

	private static Long latency(Object value) {
		return value == null ? null : ((Number) value).longValue();
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
		if (outcomes.stream()
			.anyMatch(outcome -> outcome.status() == OperationStatus.APPLIED
					|| outcome.status() == OperationStatus.FAILED)) {
			Long latency = latency(jdbc.queryForObject("select " + LATENCY, Object.class, run));
			OperationRollup.Tally tally = new OperationRollup.Tally();
			outcomes.forEach(outcome -> tally.add(outcome.operation().kind(), outcome.status(), latency));
			rollup.add(tenant, tally);
		}
	}

	/** An operation with the status it ended in (and why, when it failed). */
	public record Recorded(Operation operation, OperationStatus status, String error) {
	}

	/**
	 * Sets a recorded operation's status; an outcome is added to the dashboard's hour.
	 */
	public void operationStatus(long operationId, OperationStatus status, String error) {
		List<Map<String, Object>> updated = jdbc.queryForList(
				"update run_operation set status = ?, error = ? where id = ? returning op, "
						+ LATENCY.replace("?", "run_id") + " as latency",
				status.name(), truncate(error, 2000), operationId);
		for (Map<String, Object> row : updated) {
			rollup.add(TenantContext.require(), new OperationRollup.Tally()
				.add(Operation.Kind.valueOf((String) row.get("op")), status, latency(row.get("latency"))));
		}
	}

	/**
	 * How many other people had their accounts disabled or deleted (or held) recently:
	 * the guard against a mass deprovisioning by single changes.
	 */
	public long recentlyDeprovisionedOthers(java.time.Duration window, String identityId) {
		return jdbc.queryForObject(
				"select count(distinct o.identity_id) from run_operation o " + "join run r on r.id = o.run_id "
						+ "where o.op in ('DISABLE_ACCOUNT', 'DELETE_ACCOUNT') and o.status in ('APPLIED', 'HELD') "
						+ "and r.started_at > ? and o.identity_id is distinct from ?",
				Long.class, Timestamp.from(clock.instant().minus(window)), identityId);
	}

	/**
	 * The person's latest disable or delete recorded since a moment, with its run: what
	 * became of a deprovisioning an identity provider just asked for.
	 */
	public Optional<Deprovisioned> deprovisionedSince(String identityId, java.time.Instant since) {
		return jdbc
			.query("select o.run_id, o.status, r.status from run_operation o join run r on r.id = o.run_id "
					+ "where o.identity_id = ? and o.op in ('DISABLE_ACCOUNT', 'DELETE_ACCOUNT') and r.started_at >= ? "
					+ "order by o.id desc limit 1",
					(rows, i) -> new Deprovisioned(rows.getObject(1, UUID.class),
							OperationStatus.valueOf(rows.getString(2)), RunStatus.valueOf(rows.getString(3))),
					identityId, Timestamp.from(since))
			.stream()
			.findFirst();
	}

	/** A person's disable or delete: its own status and its run's. */
	public record Deprovisioned(UUID run, OperationStatus status, RunStatus runStatus) {

		/**
		 * Held, and nobody has approved or rejected it yet (its run may still be ending:
		 * it ends held).
		 */
		public boolean awaitingApproval() {
			return status == OperationStatus.HELD && (runStatus == RunStatus.HELD || !runStatus.finished());
		}

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
		return new RunSummary(new RunId((UUID) rows.getObject("id")), RunKind.valueOf(rows.getString("kind")),
				rows.getString("trigger"), RunStatus.valueOf(rows.getString("status")), rows.getInt("total"),
				rows.getInt("planned"), rows.getInt("applied"), rows.getInt("skipped"), rows.getInt("failed"),
				rows.getInt("held"), rows.getString("message"), rows.getTimestamp("started_at").toInstant(),
				finished == null ? null : finished.toInstant());
	}

	private static String truncate(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

}
