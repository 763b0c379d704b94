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

import org.springframework.beans.factory.annotation.Autowired;
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
			+ "target_type, target_id, outcome, details::text, correlation_id, source_ip, hash, tenant_id, prev_hash, "
			+ "hash_version";

	/**
	 * The free-text expression (V25's function, the expression of V31_1's trigram index).
	 */
	private static final String TEXT = "ferry_audit_text(action, actor_name, actor_id, target_type, target_id, details, "
			+ "correlation_id, source_ip)";

	/**
	 * How many events a free text may be found in for the search to go through the
	 * trigram index and hand over their ids; a text the planner expects in more is found
	 * by walking the log (V31).
	 */
	static final int TEXT_IDS_CAP = 10_000;

	/** How many actions {@link #actions()} lists at most. */
	static final int ACTIONS_LISTED = 200;

	private final JdbcTemplate jdbc;

	private final int textIdsCap;

	@Autowired
	AuditQuery(JdbcTemplate jdbc) {
		this(jdbc, TEXT_IDS_CAP);
	}

	/**
	 * @param textIdsCap see {@link #TEXT_IDS_CAP} (a test sets 1 to make every text take
	 * the walk)
	 */
	AuditQuery(JdbcTemplate jdbc, int textIdsCap) {
		this.jdbc = jdbc;
		this.textIdsCap = textIdsCap;
	}

	/**
	 * @param action a prefix of the action to match (e.g. {@code signin}), or empty for
	 * all
	 * @param beforeSeq show events older than this chain sequence number (the previous
	 * page's last), or null for the newest
	 */
	@Transactional(readOnly = true)
	public List<AuditRecord> page(String action, Long beforeSeq, int size) {
		return page(new AuditFilter(null, null, null, action, null, null, null, null, null), beforeSeq, null, size)
			.events();
	}

	/**
	 * One page of the current organisation's events that match, newest first (by time,
	 * then id), by keyset (deep pages cost what the first does). The cursors are chain
	 * sequence numbers, which people can read in the URL.
	 * @param before the page just older than the event of this sequence number (a page's
	 * last)
	 * @param after the page just newer than the event of this sequence number (a page's
	 * first); when fewer than a page are newer, or there is no such event, the newest
	 * page
	 */
	@Transactional(readOnly = true)
	public Page page(AuditFilter filter, Long before, Long after, int size) {
		UUID tenant = TenantContext.require();
		Narrowed narrowed = narrow(filter);
		Object[] afterKey = after == null || before != null ? null : key(tenant, after);
		if (afterKey != null) {
			Where where = where(tenant, filter, narrowed).and("(occurred_at, id) > (?, ?)", afterKey);
			List<AuditRecord> newer = new ArrayList<>(jdbc.query(
					"select " + COLUMNS + " from audit_event where " + where.sql + " order by occurred_at, id limit ?",
					(rows, i) -> map(rows), where.args(size + 1)));
			if (newer.size() > size) {
				List<AuditRecord> events = new ArrayList<>(newer.subList(0, size));
				java.util.Collections.reverse(events);
				return new Page(events, events.get(0).chainSeq(), events.get(events.size() - 1).chainSeq());
			}
			// the newest page, whole (a short page at the top would show fewer than there
			// are)
			return page(filter, null, null, size);
		}
		Object[] beforeKey = before == null ? null : key(tenant, before);
		Where where = where(tenant, filter, narrowed);
		if (beforeKey != null) {
			where = where.and("(occurred_at, id) < (?, ?)", beforeKey);
		}
		List<AuditRecord> older = jdbc.query("select " + COLUMNS + " from audit_event where " + where.sql
				+ " order by occurred_at desc, id desc limit ?", (rows, i) -> map(rows), where.args(size + 1));
		List<AuditRecord> events = older.size() > size ? older.subList(0, size) : older;
		Long olderCursor = older.size() > size ? events.get(events.size() - 1).chainSeq() : null;
		Long newerCursor = null;
		if (beforeKey != null && !events.isEmpty()) {
			Where newer = where(tenant, filter, narrowed).and("(occurred_at, id) > (?, ?)",
					Timestamp.from(events.get(0).occurredAt()), events.get(0).id());
			if (!jdbc
				.queryForList("select 1 from audit_event where " + newer.sql + " limit 1", Integer.class, newer.args())
				.isEmpty()) {
				newerCursor = events.get(0).chainSeq();
			}
		}
		else if (beforeKey != null) {
			// nothing older than the cursor (the filters changed?): the way back is the
			// newest page (no event has sequence number 0)
			newerCursor = 0L;
		}
		return new Page(events, newerCursor, olderCursor);
	}

	/**
	 * Where the event of a sequence number stands in the page order (its time and id), or
	 * null when there is no such event.
	 */
	private Object[] key(UUID tenant, long seq) {
		List<Object[]> found = jdbc.query(
				"select occurred_at, id from audit_event where tenant_id = ? and chain_seq = ?",
				(rows, i) -> new Object[] { rows.getTimestamp(1), rows.getLong(2) }, tenant, seq);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * A page of events, and where the pages next to it start.
	 *
	 * @param newer the cursor ({@code after}) of the newer page, or null at the newest
	 * @param older the cursor ({@code before}) of the older page, or null at the oldest
	 */
	public record Page(List<AuditRecord> events, Long newer, Long older) {
	}

	/**
	 * The actions in the current organisation's log, in order, at most
	 * {@value #ACTIONS_LISTED}: read by skipping from one to the next in the action index
	 * (a few dozen index probes, however many events there are).
	 */
	@Transactional(readOnly = true)
	public List<String> actions() {
		UUID tenant = TenantContext.require();
		return jdbc.queryForList("""
				with recursive a(action, n) as (
				    (select action, 1 from audit_event where tenant_id = ? order by action using ~<~ limit 1)
				    union all
				    select (select e.action from audit_event e where e.tenant_id = ? and e.action ~>~ a.action
				            order by e.action using ~<~ limit 1), a.n + 1
				    from a where a.action is not null and a.n < ?)
				select action from a where action is not null""", String.class, tenant, tenant, ACTIONS_LISTED);
	}

	/**
	 * Every event of the current organisation between two instants, oldest first, one row
	 * at a time.
	 */
	@Transactional(readOnly = true)
	public void stream(Instant from, Instant to, Consumer<AuditRecord> sink) {
		stream(new AuditFilter(from, to, null, null, null, null, null, null, null), sink);
	}

	/**
	 * Every event of the current organisation that matches, in chain order, one row at a
	 * time (fetched a thousand at a time: constant memory for any size).
	 */
	@Transactional(readOnly = true)
	public void stream(AuditFilter filter, Consumer<AuditRecord> sink) {
		Where where = where(TenantContext.require(), filter, narrow(filter));
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(1000);
		streaming.query("select " + COLUMNS + " from audit_event where " + where.sql + " order by chain_seq",
				(RowCallbackHandler) rows -> sink.accept(map(rows)), where.args());
	}

	/** The sequence number of the current organisation's last event (0: none yet). */
	@Transactional(readOnly = true)
	public long chainEnd() {
		Long last = jdbc.queryForObject("select max(chain_seq) from audit_event where tenant_id = ?", Long.class,
				TenantContext.require());
		return last == null ? 0 : last;
	}

	/**
	 * What a filter's action and free text narrow the search to, found once per request:
	 * each page asks up to three queries with the same filter.
	 *
	 * @param onlyAction see {@link #onlyAction}
	 * @param textIds the ids of every event containing the free text (few enough for the
	 * trigram index to find them), or null to test the text on each event read
	 */
	private record Narrowed(String onlyAction, String textIds) {
	}

	private Narrowed narrow(AuditFilter filter) {
		return new Narrowed(onlyAction(filter), textIds(filter));
	}

	/**
	 * The ids of the events that contain the filter's free text, as a {@code bigint[]}
	 * literal, when the trigram index finds them all (V31); null when there is no text,
	 * or it is so common that walking the log newest first finds a page sooner.
	 */
	private String textIds(AuditFilter filter) {
		if (filter.text() == null) {
			return null;
		}
		Long[] ids = jdbc.queryForObject("select ferry_audit_search(?, ?)", (rows, i) -> {
			java.sql.Array array = rows.getArray(1);
			return array == null ? null : (Long[]) array.getArray();
		}, textPattern(filter), this.textIdsCap);
		if (ids == null || ids.length >= this.textIdsCap) {
			return null;
		}
		StringBuilder literal = new StringBuilder("{");
		for (Long id : ids) {
			literal.append(literal.length() > 1 ? "," : "").append(id);
		}
		return literal.append('}').toString();
	}

	private static String textPattern(AuditFilter filter) {
		return "%" + like(filter.text().toLowerCase(java.util.Locale.ROOT)) + "%";
	}

	/**
	 * The one action an action filter stands for, when only one action in the log starts
	 * with it (the usual case: a code picked from the list), or null. Equality on it lets
	 * the action index hand over the newest events in page order, where a prefix range
	 * (several actions) must read every match and sort them (277 ms at p95 for an action
	 * a tenth of a million events carry, docs/benchmarks.md).
	 */
	private String onlyAction(AuditFilter filter) {
		if (filter.action() == null) {
			return null;
		}
		List<String> actions = actions();
		if (actions.size() >= ACTIONS_LISTED) {
			// the list is cut: another action may start with it too
			return null;
		}
		List<String> matching = actions.stream().filter(action -> action.startsWith(filter.action())).toList();
		return matching.size() == 1 ? matching.get(0) : null;
	}

	/**
	 * The SQL of a filter, always with the tenant spelled out: row-level security's "is
	 * not distinct from" would check it too, but cannot use an index.
	 */
	private static Where where(UUID tenant, AuditFilter filter, Narrowed narrowed) {
		String onlyAction = narrowed.onlyAction();
		Where where = new Where("tenant_id = ?", List.of(tenant));
		if (filter.from() != null) {
			where = where.and("occurred_at >= ?", Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			where = where.and("occurred_at < ?", Timestamp.from(filter.to()));
		}
		if (filter.firstSeq() != null) {
			where = where.and("chain_seq >= ?", filter.firstSeq());
		}
		if (filter.lastSeq() != null) {
			where = where.and("chain_seq <= ?", filter.lastSeq());
		}
		if (onlyAction != null) {
			where = where.and("action = ?", onlyAction);
		}
		else if (filter.action() != null) {
			// the range lets the index serve the prefix under row-level security (LIKE is
			// not leakproof, V25); LIKE then keeps the match exact
			where = where.and("action ~>=~ ? and action ~<~ ? and action like ? escape '\\'", filter.action(),
					filter.action() + Character.toString(Character.MAX_CODE_POINT), like(filter.action()) + "%");
		}
		if (filter.outcome() != null) {
			where = where.and("outcome = ?", filter.outcome());
		}
		if (filter.actor() != null) {
			// stored lower-cased columns (V25): equality on them is leakproof, so the
			// index
			// serves it under row-level security
			where = where.and("(actor_name_key = lower(?) or actor_id = ?)", filter.actor(), filter.actor());
		}
		if (filter.target() != null) {
			where = where.and("(target_key = lower(?) or label_key = lower(?))", filter.target(), filter.target());
		}
		if (narrowed.textIds() != null) {
			// equality on the id is leakproof, so the primary key serves it under
			// row-level security
			where = where.and("id = any(?::bigint[])", narrowed.textIds());
		}
		else if (filter.text() != null) {
			where = where.and(TEXT + " like ? escape '\\'", textPattern(filter));
		}
		return where;
	}

	private static String like(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/** A where clause and its arguments, in order. */
	private record Where(String sql, List<Object> arguments) {

		Where and(String condition, Object... values) {
			List<Object> all = new ArrayList<>(arguments);
			all.addAll(Arrays.asList(values));
			return new Where(sql + " and " + condition, all);
		}

		Object[] args(Object... more) {
			List<Object> all = new ArrayList<>(arguments);
			all.addAll(Arrays.asList(more));
			return all.toArray();
		}

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
		String tenant = rows.getString(15);
		byte[] prev = rows.getBytes(16);
		return new AuditRecord(rows.getLong(1), rows.getLong(2), rows.getTimestamp(3).toInstant(), rows.getString(4),
				rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
				rows.getString(10), rows.getString(11), rows.getString(12), rows.getString(13),
				HexFormat.of().formatHex(rows.getBytes(14)), tenant == null ? null : UUID.fromString(tenant),
				prev == null ? null : HexFormat.of().formatHex(prev), rows.getInt(17));
	}

}
