package dev.ferry.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One stored audit event, as the portal lists and exports it: every field its hash
 * covers, exactly as hashed ({@link AuditLog#chainHash}). {@code details} is PostgreSQL's
 * rendering of the JSON (what the hash covers); {@code hash} and {@code prevHash} are
 * hexadecimal.
 *
 * @param prevHash the hash of the event before it in the chain (null for the first)
 * @param hashVersion the layout its hash was computed with (1 or 2)
 */
public record AuditRecord(long id, long chainSeq, Instant occurredAt, String actorType, String actorId,
		String actorName, String action, String targetType, String targetId, String outcome, String details,
		String correlationId, String sourceIp, String hash, UUID tenantId, String prevHash, int hashVersion) {

	/**
	 * An event without what only exports need (the tenant and the links of the chain).
	 */
	public AuditRecord(long id, long chainSeq, Instant occurredAt, String actorType, String actorId, String actorName,
			String action, String targetType, String targetId, String outcome, String details, String correlationId,
			String sourceIp, String hash) {
		this(id, chainSeq, occurredAt, actorType, actorId, actorName, action, targetType, targetId, outcome, details,
				correlationId, sourceIp, hash, null, null, AuditLog.HASH_VERSION);
	}

}
