package dev.ferry.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.system.TenantContext;

/**
 * Reads the current organisation's audit log: newest first in pages (keyset, so deep pages stay fast),
 * or streamed row by row for export with constant memory, and verifies its hash chain.
 */
@Service
public class AuditQuery {

	private static final String COLUMNS = "id, chain_seq, occurred_at, actor_type, actor_id, actor_name, action, "
			+ "target_type, target_id, outcome, details::text, correlation_id, source_ip, hash";

	private final JdbcTemplate jdbc;

	AuditQuery(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param action a prefix of the action to match (e.g. {@code signin}), or empty for all
	 * @param beforeId show events older than this id (the previous page's last), or null for the newest
	 */
	@Transactional(readOnly = true)
	public List<AuditRecord> page(String action, Long beforeId, int size) {
		TenantContext.require();
		List<Object> args = new ArrayList<>();
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_event where true");
		if (action != null && !action.isBlank()) {
			sql.append(" and action like ? escape '\\'");
			args.add(action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
		}
		if (beforeId != null) {
			sql.append(" and id < ?");
			args.add(beforeId);
		}
		sql.append(" order by id desc limit ?");
		args.add(size);
		return jdbc.query(sql.toString(), (rows, i) -> map(rows), args.toArray());
	}

	/** Every event of the current organisation between two instants, oldest first, one row at a time. */
	@Transactional(readOnly = true)
	public void stream(Instant from, Instant to, Consumer<AuditRecord> sink) {
		TenantContext.require();
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(1000);
		streaming.query("select " + COLUMNS + " from audit_event where occurred_at >= ? and occurred_at < ? "
				+ "order by chain_seq", (RowCallbackHandler) rows -> sink.accept(map(rows)), Timestamp.from(from),
				Timestamp.from(to));
	}

	/**
	 * Recomputes the current organisation's chain: returns the sequence number of the first event whose
	 * hash does not follow from its predecessor and its own content, or -1 when the chain is intact.
	 */
	@Transactional(readOnly = true)
	public long firstBrokenLink() {
		TenantContext.require();
		long[] result = { -1 };
		byte[][] previous = { null };
		long[] expectedSeq = { 1 };
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(1000);
		streaming.query("select chain_seq, occurred_at, actor_type, actor_id, actor_name, action, target_type, "
				+ "target_id, outcome, details::text, prev_hash, hash from audit_event order by chain_seq",
				(RowCallbackHandler) rows -> {
					if (result[0] >= 0) {
						return;
					}
					long seq = rows.getLong(1);
					AuditEntry entry = new AuditEntry(null,
							new AuditEntry.Actor(rows.getString(3), rows.getString(4), rows.getString(5)),
							rows.getString(6), rows.getString(7), rows.getString(8),
							AuditEntry.Outcome.valueOf(rows.getString(9)), java.util.Map.of());
					byte[] expected = AuditLog.chainHash(previous[0], seq, rows.getTimestamp(2).toInstant(), entry,
							rows.getString(10));
					if (seq != expectedSeq[0] || !java.util.Arrays.equals(expected, rows.getBytes(12))) {
						result[0] = seq;
					}
					previous[0] = rows.getBytes(12);
					expectedSeq[0] = seq + 1;
				});
		return result[0];
	}

	private static AuditRecord map(ResultSet rows) throws SQLException {
		return new AuditRecord(rows.getLong(1), rows.getLong(2), rows.getTimestamp(3).toInstant(), rows.getString(4),
				rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
				rows.getString(10), rows.getString(11), rows.getString(12), rows.getString(13),
				HexFormat.of().formatHex(rows.getBytes(14)));
	}

}
