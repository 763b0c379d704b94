package dev.ferry.system;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.MDC;

/**
 * Where the request this thread serves came from: the client's IP address (as the trusted
 * proxies in front of Ferry report it, docs/security.md) and the correlation id that ties
 * its log lines, audit events and reply ({@code X-Request-Id}) together. Set for every
 * web request by a filter; both are in the logging MDC too. Empty outside a request (a
 * worker's job, a scheduled task).
 */
public final class RequestOrigin {

	public static final String CLIENT_IP = "clientIp";

	public static final String CORRELATION_ID = "correlationId";

	private RequestOrigin() {
	}

	public static Optional<String> clientIp() {
		return Optional.ofNullable(MDC.get(CLIENT_IP));
	}

	public static Optional<String> correlationId() {
		return Optional.ofNullable(MDC.get(CORRELATION_ID));
	}

	/**
	 * Runs work no request started (a scheduler's System Log poll, its reconcile timer)
	 * under a correlation id of its own, {@code origin-<uuid>}, so the jobs it queues
	 * carry it into their log lines and audit events as a request's jobs carry the
	 * request's. The thread's previous id, if any, is back afterwards.
	 */
	public static void correlated(String origin, Runnable work) {
		String previous = MDC.get(CORRELATION_ID);
		MDC.put(CORRELATION_ID, origin + "-" + UUID.randomUUID());
		try {
			work.run();
		}
		finally {
			if (previous == null) {
				MDC.remove(CORRELATION_ID);
			}
			else {
				MDC.put(CORRELATION_ID, previous);
			}
		}
	}

}
