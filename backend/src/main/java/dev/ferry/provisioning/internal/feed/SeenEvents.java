package dev.ferry.provisioning.internal.feed;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.system.TenantContext;

/**
 * The Okta event ids the current tenant has already acted on ({@code hook_event}): the
 * event hook and the System Log carry the same ids, and each event is acted on once,
 * whichever brings it first or twice.
 */
@Component
class SeenEvents {

	/**
	 * Okta's retries and duplicate deliveries come within minutes; ids need only outlive
	 * those.
	 */
	static final Duration KEEP = Duration.ofDays(3);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	SeenEvents(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records the ids as seen, in the caller's transaction, and returns those that were
	 * not seen before. One statement, inserting in sorted order: two transactions
	 * recording the same ids in different orders (a hook delivery and a System Log poll)
	 * would otherwise wait on each other. Ids that are empty or longer than 64 characters
	 * are never recorded, so never fresh.
	 */
	Set<String> markSeen(Collection<String> ids) {
		String[] valid = ids.stream().filter(SeenEvents::recordable).distinct().sorted().toArray(String[]::new);
		if (valid.length == 0) {
			return Set.of();
		}
		UUID tenant = TenantContext.require();
		Timestamp now = Timestamp.from(clock.instant());
		return new HashSet<>(jdbc.query(connection -> {
			var statement = connection.prepareStatement("insert into hook_event (tenant_id, event_id, received_at) "
					+ "select ?, id, ? from unnest(?) as t(id) order by id on conflict do nothing returning event_id");
			statement.setObject(1, tenant);
			statement.setTimestamp(2, now);
			statement.setArray(3, connection.createArrayOf("varchar", valid));
			return statement;
		}, (rows, n) -> rows.getString(1)));
	}

	/**
	 * Whether an id can be recorded (Okta's are 36 characters; anything odd is acted on,
	 * never deduplicated).
	 */
	static boolean recordable(String id) {
		return !id.isEmpty() && id.length() <= 64;
	}

	/** Forgets ids older than {@link #KEEP}. */
	void forgetOld() {
		jdbc.update("delete from hook_event where received_at < ?", Timestamp.from(clock.instant().minus(KEEP)));
	}

}
