package dev.ferry.work;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One unit of background work for one tenant.
 *
 * @param kind which {@link JobHandler} runs it, e.g. {@code identity.sync}
 * @param key what it is about, e.g. a person's id at the source; jobs with the same
 * tenant, kind and key never run at the same time, and a second one enqueued before the
 * first has started is merged into it
 * @param payload the job's {@link JobRequest} as stored; read it with {@link #request}
 * @param attempt 1 for the first try
 * @param queuedAt when the job was first queued: the change that caused it reached Ferry
 * then (later changes merged into the waiting job keep it, so it is the oldest change the
 * job carries out); null where unknown
 */
public record Job(UUID id, UUID tenantId, String kind, String key, Map<String, String> payload, int attempt,
		Instant queuedAt) {

	public Job(UUID id, UUID tenantId, String kind, String key, Map<String, String> payload, int attempt) {
		this(id, tenantId, kind, key, payload, attempt, null);
	}

	/** The request this job carries out, read from its payload. */
	public <R extends JobRequest> R request(Class<R> type) {
		return JobPayloads.read(payload, type);
	}

}
