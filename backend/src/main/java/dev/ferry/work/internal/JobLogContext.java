package dev.ferry.work.internal;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.MDC;

import dev.ferry.system.RequestOrigin;
import dev.ferry.system.TenantTags;

/**
 * What a job's log lines say about it (the logging MDC, so every line the handler and the
 * modules under it write carries them): {@code tenant} (the organisation's slug),
 * {@code jobId}, {@code jobKind} and {@code correlationId} — the id of the request that
 * queued the job (an event hook delivery, a SCIM call, a portal action), stored with the
 * job, or the job's own id when no request did (a scheduled reconcile). Because the
 * correlation id is in the MDC, what the job enqueues in turn (a person's retry after a
 * failed run) and the audit events it writes carry it too. Closing restores the MDC as it
 * was.
 */
final class JobLogContext implements AutoCloseable {

	static final String JOB_ID = "jobId";

	static final String JOB_KIND = "jobKind";

	private static final String[] KEYS = { TenantTags.TAG, JOB_ID, JOB_KIND, RequestOrigin.CORRELATION_ID };

	private final Map<String, String> previous = new HashMap<>();

	private JobLogContext(Map<String, String> values) {
		for (String key : KEYS) {
			previous.put(key, MDC.get(key));
			String value = values.get(key);
			if (value == null) {
				MDC.remove(key);
			}
			else {
				MDC.put(key, value);
			}
		}
	}

	static JobLogContext of(JobStore.Claimed claimed, String tenantSlug) {
		String correlation = claimed.correlationId() != null ? claimed.correlationId() : claimed.job().id().toString();
		return new JobLogContext(Map.of(TenantTags.TAG, tenantSlug, JOB_ID, claimed.job().id().toString(), JOB_KIND,
				claimed.job().kind(), RequestOrigin.CORRELATION_ID, correlation));
	}

	@Override
	public void close() {
		previous.forEach((key, value) -> {
			if (value == null) {
				MDC.remove(key);
			}
			else {
				MDC.put(key, value);
			}
		});
	}

}
