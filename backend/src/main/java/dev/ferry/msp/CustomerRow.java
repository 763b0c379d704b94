package dev.ferry.msp;

import java.time.Instant;
import java.util.UUID;

import dev.ferry.tenant.Role;

/**
 * One managed customer as the console shows it, read in one call for all of them
 * ({@code ferry_msp_customers}, V28).
 *
 * @param role the member's role in this customer (what bulk actions may do there)
 * @param targetOk the last test of the target connection: null when never tested
 * @param failures24h operations failed in runs of the last 24 hours plus jobs given up
 * @param throttled a job waits now because a target asked Ferry to slow down
 */
public record CustomerRow(UUID tenantId, String slug, String displayName, String status, Role role, String targetKind,
		Boolean targetOk, Instant targetTestedAt, String sourceKind, Boolean sourceOk, Instant sourceTestedAt,
		boolean provisioningOn, Instant lastChange, long linked, long queued, long failures24h, long held24h,
		boolean throttled) {

	/** How both connections stand, worst first. */
	public enum Health {

		FAILING, MISSING, UNTESTED, OK

	}

	public Health connections() {
		if (Boolean.FALSE.equals(targetOk) || Boolean.FALSE.equals(sourceOk)) {
			return Health.FAILING;
		}
		if (targetKind == null || sourceKind == null) {
			return Health.MISSING;
		}
		return targetOk == null || sourceOk == null ? Health.UNTESTED : Health.OK;
	}

	/** Something here waits for a person: a failing connection, failures, held plans. */
	public boolean needsAttention() {
		return connections() == Health.FAILING || failures24h > 0 || held24h > 0 || throttled;
	}

	public boolean onboarding() {
		return "ONBOARDING".equals(status);
	}

	/** When the older of the two connection tests was, for sorting by freshness. */
	public Instant lastTest() {
		if (targetTestedAt == null || sourceTestedAt == null) {
			return targetTestedAt == null ? sourceTestedAt : targetTestedAt;
		}
		return targetTestedAt.isBefore(sourceTestedAt) ? targetTestedAt : sourceTestedAt;
	}

	/** The target connection in one word: none, untested, ok or failed. */
	public String targetState() {
		return state(targetKind, targetOk);
	}

	/** The identity source connection in one word: none, untested, ok or failed. */
	public String sourceState() {
		return state(sourceKind, sourceOk);
	}

	private static String state(String kind, Boolean ok) {
		return kind == null ? "none" : ok == null ? "untested" : ok ? "ok" : "failed";
	}

}
