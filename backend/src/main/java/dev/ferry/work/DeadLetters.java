package dev.ferry.work;

import java.util.List;

/**
 * The current tenant's jobs that Ferry gave up on, for the portal's problems page with
 * its retry buttons, and those it is still retrying after a failure. Everything here is
 * scoped to {@link dev.ferry.system.TenantContext}: one tenant never sees or retries
 * another's.
 */
public interface DeadLetters {

	/** The newest first, at most {@code limit}. */
	List<DeadLetter> list(int limit);

	/**
	 * Puts the job back in the queue with its attempts reset; false if it is not (any
	 * more) dead.
	 */
	boolean retry(JobId jobId);

	/** Retries every dead job of the current tenant; returns how many. */
	int retryAll();

	/** How many dead jobs the current tenant has. */
	long count();

	/**
	 * Jobs that failed at least once and are still being retried (waiting out their
	 * backoff, or running), the soonest first, at most {@code limit}.
	 */
	List<DeadLetter> retrying(int limit);

	/** How many jobs of the current tenant are being retried after a failure. */
	long retryingCount();

	/**
	 * One key's dead jobs of a kind, the newest first (the People page shows one
	 * person's). The default filters {@link #list}; the database answers by key.
	 */
	default List<DeadLetter> deadOf(String kind, String key) {
		return list(200).stream().filter(letter -> letter.kind().equals(kind) && letter.key().equals(key)).toList();
	}

	/**
	 * One key's jobs of a kind that failed and are being retried, the soonest first.
	 */
	default List<DeadLetter> retryingOf(String kind, String key) {
		return retrying(200).stream().filter(letter -> letter.kind().equals(kind) && letter.key().equals(key)).toList();
	}

}
