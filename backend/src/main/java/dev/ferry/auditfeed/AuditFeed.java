package dev.ferry.auditfeed;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.system.TenantContext;

/**
 * The current organisation's audit events after a cursor, in chain order. The chain's
 * sequence is a cursor that never skips: {@code AuditLog} numbers events under a lock
 * held until the writing transaction ends, so the events any reader can see are always
 * 1..n without a hole, and an event numbered later can never appear below a cursor
 * already handed out.
 */
@Service
class AuditFeed {

	/** The most events one page or one batch carries. */
	static final int MAX_LIMIT = 1000;

	/**
	 * How many places of the chain one filtered request examines at most: a rare action
	 * would otherwise walk the whole log for one page. The cursor still covers what was
	 * examined, so the next request goes on from there.
	 */
	static final int FILTER_WINDOW = 10_000;

	private final JdbcTemplate jdbc;

	AuditFeed(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Up to {@code limit} events after {@code after}, oldest first. The page and the end
	 * of the chain it reports are read from one snapshot, so {@code next} is exact: when
	 * the page is not full, every event up to the chain's end was examined, and the next
	 * page starts there even when the filters matched nothing.
	 * @param since only events at or after this time; null for all
	 * @param action only this action or the actions under it ({@code member} matches
	 * {@code member.role.changed}); null for all
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Page after(long after, int limit, Instant since, String action) {
		int size = Math.clamp(limit, 1, MAX_LIMIT);
		StringBuilder sql = new StringBuilder(
				"select " + FeedEvent.COLUMNS + " from audit_event where tenant_id = ? and chain_seq > ?");
		List<Object> args = new ArrayList<>(List.of(TenantContext.require(), after));
		boolean filtered = since != null || action != null;
		if (filtered) {
			sql.append(" and chain_seq <= ?");
			args.add(after + FILTER_WINDOW);
		}
		if (since != null) {
			sql.append(" and occurred_at >= ?");
			args.add(Timestamp.from(since));
		}
		if (action != null) {
			sql.append(" and (action = ? or action like ? escape '\\')");
			args.add(action);
			args.add(action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%");
		}
		sql.append(" order by chain_seq limit ?");
		args.add(size);
		List<FeedEvent> events = jdbc.query(sql.toString(), (rs, n) -> FeedEvent.of(rs), args.toArray());
		if (events.size() == size) {
			return new Page(events, events.getLast().seq(), true);
		}
		long end = end();
		if (filtered && after + FILTER_WINDOW < end) {
			// the window was examined to its last place, and the chain goes on
			return new Page(events, after + FILTER_WINDOW, true);
		}
		return new Page(events, Math.max(after, end), false);
	}

	/** The last event's place in the current organisation's chain; 0 when it has none. */
	long end() {
		Long end = jdbc.queryForObject("select coalesce(max(chain_seq), 0) from audit_event where tenant_id = ?",
				Long.class, TenantContext.require());
		return end == null ? 0 : end;
	}

	/**
	 * @param next the cursor for the following page ({@code after=next})
	 * @param more whether the page is full, so more may follow at once
	 */
	record Page(List<FeedEvent> events, long next, boolean more) {

	}

}
