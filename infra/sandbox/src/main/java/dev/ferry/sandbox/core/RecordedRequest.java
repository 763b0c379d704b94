package dev.ferry.sandbox.core;

import java.time.Instant;

/**
 * One request the sandbox received for an org or account, as tests read it back to assert
 * exactly which calls Ferry made.
 *
 * @param sequence increasing across the whole sandbox, so a test can ask for "everything
 * after N"
 * @param path the path below the target's base, e.g. {@code /sf/v3/Users(abc)} or
 * {@code /api/v1/users}
 * @param body the request body for writes (first 16 KiB), null for reads
 * @param faulted true when a fault answered instead of the service
 */
public record RecordedRequest(long sequence, Instant at, String method, String path, String query, int status,
		long requestBytes, long responseBytes, long durationMicros, String body, boolean faulted) {

}
