package dev.ferry.audit;

import java.time.Instant;

/**
 * One stored audit event, as the portal lists and exports it. {@code details} is JSON.
 */
public record AuditRecord(long id, long chainSeq, Instant occurredAt, String actorType, String actorId,
		String actorName, String action, String targetType, String targetId, String outcome, String details,
		String correlationId, String sourceIp, String hash) {

}
