package dev.ferry.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.system.TenantContext;

/**
 * Reads the current organisation's audit log: newest first in pages (keyset, so deep
 * pages stay fast), or streamed row by row for export with constant memory, and verifies
 * its hash chain incrementally.
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
	 * @param action a prefix of the action to match (e.g. {@code signin}), or empty for
	 * all
	 * @param beforeId show events older than this id (the previous page's last), or null
	 * for the newest
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

	/**
	 * Every event of the current organisation between two instants, oldest first, one row
	 * at a time.
	 */
	@Transactional(readOnly = true)
	public void stream(Instant from, Instant to, Consumer<AuditRecord> sink) {
		TenantContext.require();
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(1000);
		streaming.query(
				"select " + COLUMNS + " from audit_event where occurred_at >= ? and occurred_at < ? "
						+ "order by chain_seq",
				(RowCallbackHandler) rows -> sink.accept(map(rows)), Timestamp.from(from), Timestamp.from(to));
	}

	/**
	 * Checks the current organisation's chain from the last verified checkpoint to its
	 * end, and moves the checkpoint there when every link holds: a page view hashes only
	 * the events appended since the last one, however long the log. The checkpoint's own
	 * event is hashed again and compared with the hash kept beside it, so changing it is
	 * noticed; changes further back are found by {@link #verifyAll}, which the scheduler
	 * runs daily. A break either check found is reported from then on, until a full pass
	 * finds the chain intact again.
	 */
	@Transactional
	public ChainCheck verify() {
		return verify(false);
	}

	/** Checks the whole chain from its first event, and records what it found. */
	@Transactional
	public ChainCheck verifyAll() {
		return verify(true);
	}

	private ChainCheck verify(boolean fromStart) {
		UUID tenant = TenantContext.current().orElse(null);
		String chain = tenant == null ? "none" : tenant.toString();
		// the tenant spelled out (row-level security's "is not distinct from" cannot use
		// the chain index)
		String ofChain = tenant == null ? "tenant_id is null" : "tenant_id = '" + tenant + "'";
		Checkpoint checkpoint = checkpoint(chain);
		Instant fullAt = checkpoint == null ? null : checkpoint.fullVerifiedAt();
		if (!fromStart && checkpoint != null && checkpoint.brokenSeq() != null) {
			// known broken: said until a full pass from the first event finds the chain
			// whole again
			return new ChainCheck(checkpoint.brokenSeq(), checkpoint.brokenSeq() - 1, fullAt, 0);
		}
		long fromSeq = 0;
		byte[] previous = null;
		byte[] anchor = null;
		if (!fromStart && checkpoint != null && checkpoint.seq() != null) {
			// the checkpoint's event is hashed again from its content and compared with
			// the hash kept in the
			// checkpoint: a change to it (or to the link before it) cannot go unnoticed
			List<byte[]> before = jdbc.query(
					"select prev_hash from audit_event where " + ofChain + " and chain_seq = ?",
					(rows, i) -> rows.getBytes(1), checkpoint.seq());
			if (before.size() != 1) {
				return broken(chain, checkpoint.seq(), fullAt, 0);
			}
			fromSeq = checkpoint.seq() - 1;
			previous = before.get(0);
			anchor = checkpoint.hash();
		}
		Walk walk = new Walk(fromSeq, previous, anchor);
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(1000);
		streaming.query(
				"select chain_seq, occurred_at, actor_type, actor_id, actor_name, action, target_type, "
						+ "target_id, outcome, details::text, hash, tenant_id, correlation_id, source_ip, hash_version "
						+ "from audit_event where " + ofChain + " and chain_seq > ? order by chain_seq",
				(RowCallbackHandler) walk::next, fromSeq);
		if (walk.broken >= 0) {
			return broken(chain, walk.broken, fullAt, walk.checked);
		}
		Instant now = Instant.now();
		if (fromStart) {
			fullAt = now;
		}
		if (walk.previous != null || fromStart) {
			// a successful full pass also clears a break found before (the events were
			// put right)
			jdbc.update(
					"""
							insert into audit_checkpoint (chain_key, chain_seq, hash, verified_at, full_verified_at)
							values (?, ?, ?, ?, ?)
							on conflict (chain_key) do update set chain_seq = excluded.chain_seq, hash = excluded.hash,
							    verified_at = excluded.verified_at,
							    full_verified_at = coalesce(excluded.full_verified_at, audit_checkpoint.full_verified_at),
							    broken_seq = case when excluded.full_verified_at is null then audit_checkpoint.broken_seq end,
							    broken_found_at = case when excluded.full_verified_at is null then audit_checkpoint.broken_found_at end""",
					chain, walk.previous == null ? null : walk.seq, walk.previous, Timestamp.from(now),
					fromStart ? Timestamp.from(now) : null);
		}
		return new ChainCheck(-1, walk.seq, fullAt, walk.checked);
	}

	/** Records a break so every later view reports it, and returns it. */
	private ChainCheck broken(String chain, long seq, Instant fullAt, long checked) {
		Timestamp now = Timestamp.from(Instant.now());
		jdbc.update(
				"""
						insert into audit_checkpoint (chain_key, broken_seq, broken_found_at) values (?, ?, ?)
						on conflict (chain_key) do update set broken_seq = least(coalesce(audit_checkpoint.broken_seq,
						    excluded.broken_seq), excluded.broken_seq), broken_found_at = coalesce(audit_checkpoint.broken_found_at,
						    excluded.broken_found_at)""",
				chain, seq, now);
		return new ChainCheck(seq, seq - 1, fullAt, checked);
	}

	private Checkpoint checkpoint(String chain) {
		List<Checkpoint> found = jdbc.query(
				"select chain_seq, hash, full_verified_at, broken_seq from audit_checkpoint " + "where chain_key = ?",
				(rows, i) -> new Checkpoint((Long) rows.getObject(1, Long.class), rows.getBytes(2),
						rows.getTimestamp(3) == null ? null : rows.getTimestamp(3).toInstant(),
						(Long) rows.getObject(4, Long.class)),
				chain);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * What a check found.
	 *
	 * @param firstBroken the sequence number of the first event whose hash does not
	 * follow from its predecessor and its own content, or -1 when the chain holds
	 * @param verifiedThrough the last sequence number known good
	 * @param fullyVerifiedAt when a full pass from the first event last found the chain
	 * intact (null: never)
	 * @param checked how many events this check hashed
	 */
	public record ChainCheck(long firstBroken, long verifiedThrough, Instant fullyVerifiedAt, long checked) {

		public boolean intact() {
			return firstBroken < 0;
		}

	}

	private record Checkpoint(Long seq, byte[] hash, Instant fullVerifiedAt, Long brokenSeq) {
	}

	/** Walks the chain row by row, remembering where it first broke. */
	private static final class Walk {

		long seq;

		byte[] previous;

		long broken = -1;

		long checked;

		/**
		 * The hash the first event must have (the checkpoint's), or null when walking
		 * from the start.
		 */
		private final byte[] anchor;

		private final long anchorSeq;

		Walk(long seq, byte[] previous, byte[] anchor) {
			this.seq = seq;
			this.previous = previous;
			this.anchor = anchor;
			this.anchorSeq = seq + 1;
		}

		void next(ResultSet rows) throws SQLException {
			if (broken >= 0) {
				return;
			}
			long at = rows.getLong(1);
			String tenant = rows.getString(12);
			AuditEntry entry = new AuditEntry(tenant == null ? null : UUID.fromString(tenant),
					new AuditEntry.Actor(rows.getString(3), rows.getString(4), rows.getString(5)), rows.getString(6),
					rows.getString(7), rows.getString(8), AuditEntry.Outcome.valueOf(rows.getString(9)), Map.of());
			byte[] expected = AuditLog.chainHash(rows.getInt(15), previous, at, rows.getTimestamp(2).toInstant(), entry,
					rows.getString(10), rows.getString(13), rows.getString(14));
			boolean atAnchor = anchor != null && at == anchorSeq;
			if (!atAnchor) {
				checked++;
			}
			if (at != seq + 1 || !Arrays.equals(expected, rows.getBytes(11))
					|| (atAnchor && !Arrays.equals(expected, anchor))) {
				broken = at;
				return;
			}
			previous = rows.getBytes(11);
			seq = at;
		}

	}

	private static AuditRecord map(ResultSet rows) throws SQLException {
		return new AuditRecord(rows.getLong(1), rows.getLong(2), rows.getTimestamp(3).toInstant(), rows.getString(4),
				rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
				rows.getString(10), rows.getString(11), rows.getString(12), rows.getString(13),
				HexFormat.of().formatHex(rows.getBytes(14)));
	}

}
