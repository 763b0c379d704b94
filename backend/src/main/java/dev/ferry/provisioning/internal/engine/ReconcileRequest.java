package dev.ferry.provisioning.internal.engine;

import java.util.UUID;

import dev.ferry.work.JobRequest;

/**
 * A full reconcile of the tenant, or a dry run of one ({@link ReconcileHandler}).
 *
 * @param trigger what asked for it, shown on the run
 * @param dryRun only plan
 * @param runId the run an admin started and is watching; null: the job starts its own
 * @param skipThreshold apply destructive operations past the safety threshold (an admin
 * approved them)
 * @param approvedRun the held run that was approved
 */
public record ReconcileRequest(String trigger, boolean dryRun, UUID runId, boolean skipThreshold,
		UUID approvedRun) implements JobRequest {

	public static final String KIND = "tenant.reconcile";

	/** The key of scheduled and automatic reconciles. */
	public static final String ALL = "all";

	/** The key of dry runs, so one never merges into a reconcile that applies. */
	public static final String DRY_RUN = "dry-run";

	/** The key of reconciles that apply an approved held plan. */
	public static final String APPROVED = "approved";

	public ReconcileRequest {
		trigger = trigger == null ? "scheduled" : trigger;
	}

	/** A reconcile that applies, started by something other than an admin. */
	public static ReconcileRequest of(String trigger) {
		return new ReconcileRequest(trigger, false, null, false, null);
	}

	@Override
	public String kind() {
		return KIND;
	}

}
