package dev.ferry.work;

import java.util.Map;

/**
 * Enqueues background work for the current tenant. The job is written to PostgreSQL in
 * the caller's transaction (an outbox: if the transaction rolls back, so does the job; if
 * Redis is flushed, the job is still there) and published to the tenant's Redis stream
 * after commit.
 */
public interface WorkQueue {

	/** Enqueues, merging into a job of the same kind and key that has not started yet. */
	void enqueue(String kind, String key, Map<String, String> payload);

	/** Enqueues a request for its kind of job (see {@link JobRequest}). */
	default void enqueue(String key, JobRequest request) {
		enqueue(request.kind(), key, JobPayloads.write(request));
	}

	/**
	 * Enqueues work that already failed once elsewhere (an operation inside a run) and
	 * now continues as a job of its own: from the start it counts as retrying, with
	 * {@code cause} as its last error, so the problems page shows it until it succeeds or
	 * is dead-lettered.
	 */
	void enqueueAfterFailure(String kind, String key, Map<String, String> payload, Throwable cause);

	/** As {@link #enqueueAfterFailure(String, String, Map, Throwable)}, for a request. */
	default void enqueueAfterFailure(String key, JobRequest request, Throwable cause) {
		enqueueAfterFailure(request.kind(), key, JobPayloads.write(request), cause);
	}

}
