package dev.ferry.provisioning.internal.activity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.OperationStatus;

/**
 * Adds recorded operations to their organisation's hour in {@code operation_hour}, in the
 * caller's transaction (Runs calls it as it records them), so the dashboard reads at most
 * 168 rows for a week however many operations there were. Hours are whole UTC hours of
 * the database's clock, the clock that also stamped the change ({@code job.created_at}).
 */
@Component
public class OperationRollup {

	private final JdbcTemplate jdbc;

	private final OperationMetrics operationMetrics;

	OperationRollup(JdbcTemplate jdbc, OperationMetrics operationMetrics) {
		this.jdbc = jdbc;
		this.operationMetrics = operationMetrics;
	}

	/** Adds a tally to the current hour; nothing is written for an empty one. */
	public void add(UUID tenant, Tally tally) {
		if (tally.isEmpty()) {
			return;
		}
		String latency = Arrays.stream(tally.latency.stored())
			.mapToObj(Integer::toString)
			.collect(Collectors.joining(",", "{", "}"));
		jdbc.update("""
				insert into operation_hour (tenant_id, hour_start, created, updated, disabled, grouped, failed, latency)
				values (?, date_trunc('hour', now(), 'UTC'), ?, ?, ?, ?, ?, cast(? as integer[]))
				on conflict (tenant_id, hour_start) do update set
				    created = operation_hour.created + excluded.created,
				    updated = operation_hour.updated + excluded.updated,
				    disabled = operation_hour.disabled + excluded.disabled,
				    grouped = operation_hour.grouped + excluded.grouped,
				    failed = operation_hour.failed + excluded.failed,
				    latency = ferry_add_counts(operation_hour.latency, excluded.latency)""", tenant, tally.created,
				tally.updated, tally.disabled, tally.grouped, tally.failed, latency);
		operationMetrics.record(tenant, tally);
	}

	/** What some recorded operations add to an hour. Not thread-safe: one per batch. */
	public static final class Tally {

		int created;

		int updated;

		int disabled;

		int grouped;

		int failed;

		final LatencyHistogram latency = LatencyHistogram.empty();

		/** The same latencies one by one, for the Prometheus histogram. */
		final List<Long> samples = new ArrayList<>();

		/**
		 * Counts one operation's outcome. Only outcomes count: applied and failed
		 * (planned, skipped, held and rejected operations did nothing).
		 * @param latencyMillis from the change reaching Ferry to now, or null when no
		 * change is known (a scheduled reconcile); sampled only for operations applied in
		 * ShareFile
		 */
		public Tally add(Operation.Kind kind, OperationStatus status, Long latencyMillis) {
			if (status == OperationStatus.FAILED) {
				failed++;
				return this;
			}
			if (status != OperationStatus.APPLIED) {
				return this;
			}
			switch (kind) {
				case CREATE_ACCOUNT, IMPORT_IDENTITY -> created++;
				// linking an account that exists creates nothing: a sync racing a
				// reconcile links the account the reconcile just made
				case LINK_ACCOUNT, UPDATE_ACCOUNT, PROMOTE_ACCOUNT, ENABLE_ACCOUNT, UPDATE_IDENTITY, MATCH_IDENTITY ->
					updated++;
				case DISABLE_ACCOUNT, DELETE_ACCOUNT -> disabled++;
				case CREATE_GROUP, RENAME_GROUP, ADD_MEMBERS, REMOVE_MEMBERS, DELETE_GROUP -> grouped++;
			}
			if (latencyMillis != null && inShareFile(kind)) {
				latency.add(latencyMillis);
				samples.add(latencyMillis);
			}
			return this;
		}

		/** Operations that end in a ShareFile call (the others write to the source). */
		static boolean inShareFile(Operation.Kind kind) {
			return switch (kind) {
				case UPDATE_IDENTITY, IMPORT_IDENTITY, MATCH_IDENTITY -> false;
				default -> true;
			};
		}

		boolean isEmpty() {
			return created + updated + disabled + grouped + failed == 0;
		}

	}

}
