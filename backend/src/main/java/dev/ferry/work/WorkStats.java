package dev.ferry.work;

/** How much background work the current tenant has, for the portal. */
public interface WorkStats {

	Counts current();

	/**
	 * How many jobs of this kind wait (PENDING) for the current tenant: cheap enough to
	 * ask per job.
	 */
	long waiting(String kind);

	/** How many jobs of this kind wait or run for the current tenant. */
	long active(String kind);

	/**
	 * How many jobs of any kind wait or run for the current tenant: unlike
	 * {@link #current()}, reads no finished job (the dashboard asks every 30 s).
	 */
	long queued();

	/**
	 * Whether a job of this kind and key waits or runs for the current tenant (a page
	 * showing one person's sync in progress). The default answers for the whole kind: an
	 * upper bound for stand-ins that do not know keys.
	 */
	default boolean busy(String kind, String key) {
		return active(kind) > 0;
	}

	/**
	 * @param pending waiting, including retries waiting out their backoff
	 * @param running being worked on now
	 * @param dead given up, waiting for someone (the dead-letter list)
	 * @param doneLastHour finished successfully in the last hour
	 */
	record Counts(long pending, long running, long dead, long doneLastHour) {

	}

}
