package dev.ferry.work;

import java.time.Instant;
import java.util.Map;

/**
 * A job Ferry gave up on (or, on the problems page's "retrying" list, one that failed and
 * is being retried), with what the target said.
 *
 * @param failedAt when it was given up on; for a job being retried, when it is tried next
 * @param errorKind the {@link dev.ferry.connector.ConnectorException.Kind} name, or
 * {@code UNEXPECTED}
 * @param httpStatus what the target answered, 0 when it did not answer
 * @param rawResponse the target's response body as it came (may be null)
 * @param suggestedFix what a person can do about it, in English, derived from the error
 * kind
 */
public record DeadLetter(JobId id, String kind, String key, Map<String, String> payload, int attempts,
		Instant createdAt, Instant failedAt, String errorKind, String message, int httpStatus, String rawResponse,
		String suggestedFix) {

}
