package dev.ferry.auditfeed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One audit event as the API returns it and the streams send it: every field its hash
 * covers, exactly as hashed, so a receiver can recompute the chain without Ferry
 * (docs/portal-audit-api.md). {@code details} is PostgreSQL's own text of the stored
 * jsonb — a string, because re-serialising parsed JSON could reorder or respace it and
 * break the hash; {@code occurredAt} is the instant's ISO-8601 form with its
 * microseconds, as hashed.
 *
 * @param seq the event's place in its organisation's chain, 1, 2, 3, ... without gaps
 * @param prevHash hex of the previous event's hash; null for the first event
 * @param hashVersion 1 (before December 2026) or 2 (also covers tenant, correlation id
 * and source IP)
 */
record FeedEvent(long id, UUID tenant, long seq, String occurredAt, String actorType, String actorId, String actorName,
		String action, String targetType, String targetId, String outcome, String details, String correlationId,
		String sourceIp, String prevHash, String hash, int hashVersion) {

	/** The columns {@link #of} reads, in a select list. */
	static final String COLUMNS = "id, tenant_id, chain_seq, occurred_at, actor_type, actor_id, actor_name, action, "
			+ "target_type, target_id, outcome, details::text as details, correlation_id, source_ip, prev_hash, hash, "
			+ "hash_version";

	private static final HexFormat HEX = HexFormat.of();

	static FeedEvent of(ResultSet rs) throws SQLException {
		byte[] prev = rs.getBytes("prev_hash");
		Instant at = rs.getTimestamp("occurred_at").toInstant();
		return new FeedEvent(rs.getLong("id"), rs.getObject("tenant_id", UUID.class), rs.getLong("chain_seq"),
				at.toString(), rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("actor_name"),
				rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"), rs.getString("outcome"),
				rs.getString("details"), rs.getString("correlation_id"), rs.getString("source_ip"),
				prev == null ? null : HEX.formatHex(prev), HEX.formatHex(rs.getBytes("hash")),
				rs.getInt("hash_version"));
	}

}
