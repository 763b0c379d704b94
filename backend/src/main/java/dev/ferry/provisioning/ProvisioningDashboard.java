package dev.ferry.provisioning;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.provisioning.internal.activity.LatencyHistogram;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.system.TenantContext;
import dev.ferry.work.DeadLetters;
import dev.ferry.work.WorkStats;

/**
 * What the organisation dashboard shows of provisioning, for the current tenant: the
 * numbers behind its cards and the last seven days of activity. Every read is an index
 * range of the tenant's own rows (the week is at most 168 rows of {@code operation_hour},
 * never the operations themselves), so the page stays fast with 100,000 linked people.
 */
@Service
public class ProvisioningDashboard {

	/** The charts' span: seven days of whole hours, the current one included. */
	public static final int HOURS = 168;

	/**
	 * Hours per point of the latency chart: a percentile of one quiet hour says little.
	 */
	public static final int LATENCY_WINDOW_HOURS = 6;

	private final JdbcTemplate jdbc;

	private final Links links;

	private final Runs runs;

	private final WorkStats work;

	private final DeadLetters deadLetters;

	ProvisioningDashboard(JdbcTemplate jdbc, Links links, Runs runs, WorkStats work, DeadLetters deadLetters) {
		this.jdbc = jdbc;
		this.links = links;
		this.runs = runs;
		this.work = work;
		this.deadLetters = deadLetters;
	}

	/**
	 * @param linked people with a ShareFile account Ferry manages
	 * @param queued jobs waiting or running
	 * @param retrying jobs that failed and are being retried
	 * @param dead jobs given up on (dead letters)
	 * @param held runs holding operations for an admin's approval (the safety threshold)
	 * @param newestHeld the newest such run, or null
	 * @param lastRun the newest run of any kind, or null
	 */
	public record Figures(long linked, long queued, long retrying, long dead, long held, RunId newestHeld,
			RunSummary lastRun) {

		/** Failing work: retrying and dead. */
		public long failing() {
			return retrying + dead;
		}

	}

	/** Applied and failed operations of one hour (by its UTC start). */
	public record Hour(Instant start, int created, int updated, int disabled, int grouped, int failed) {

		public int total() {
			return created + updated + disabled + grouped + failed;
		}

	}

	/**
	 * Change → ShareFile latency of a window of hours.
	 *
	 * @param p50 milliseconds, or null without samples
	 * @param p95 milliseconds, or null without samples
	 */
	public record Window(Instant start, long samples, Long p50, Long p95) {

	}

	/**
	 * A week of activity, oldest first: {@link #HOURS} hours and their latency windows
	 * (hours without operations are there, with zeros), and the week as a whole.
	 *
	 * @param week every operation of the week, counted as one hour starting at
	 * {@code from}
	 * @param weekLatency the whole week's latency
	 */
	public record Activity(Instant from, Instant to, List<Hour> hours, List<Window> latency, Hour week,
			Window weekLatency) {

		public boolean isEmpty() {
			return hours.stream().allMatch(hour -> hour.total() == 0);
		}

		public boolean hasLatency() {
			return latency.stream().anyMatch(window -> window.samples() > 0);
		}

	}

	@Transactional(readOnly = true)
	public Figures figures() {
		UUID tenant = TenantContext.require();
		Map<String, Object> held = jdbc
			.queryForMap("select count(*) as n, (select id from run where tenant_id = ? and status = 'HELD' "
					+ "order by started_at desc limit 1) as newest from run where tenant_id = ? and status = 'HELD'",
					tenant, tenant);
		UUID newest = (UUID) held.get("newest");
		return new Figures(links.count(), work.queued(), deadLetters.retryingCount(), deadLetters.count(),
				((Number) held.get("n")).longValue(), newest == null ? null : new RunId(newest),
				runs.latest(1).stream().findFirst().orElse(null));
	}

	@Transactional(readOnly = true)
	public Activity activity() {
		// the database's clock, which stamped the hours
		Instant currentHour = jdbc.queryForObject("select date_trunc('hour', now(), 'UTC')", java.sql.Timestamp.class)
			.toInstant();
		Instant from = currentHour.minus(Duration.ofHours(HOURS - 1));
		List<Stored> rows = jdbc.query(
				"select hour_start, created, updated, disabled, grouped, failed, latency from operation_hour "
						+ "where tenant_id = ? and hour_start >= ? order by hour_start",
				(rs, i) -> new Stored(new Hour(rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getInt(3), rs.getInt(4),
						rs.getInt(5), rs.getInt(6)), LatencyHistogram.of(ints(rs.getArray(7)))),
				TenantContext.require(), java.sql.Timestamp.from(from));
		return week(currentHour, rows);
	}

	/** One stored hour: its counts and latencies. */
	record Stored(Hour hour, LatencyHistogram latency) {
	}

	/**
	 * The week ending with {@code currentHour} from the hours stored (any order, hours
	 * outside the week ignored): every hour present, zeros where nothing was stored, and
	 * the latency percentiles of each window of {@link #LATENCY_WINDOW_HOURS}.
	 */
	static Activity week(Instant currentHour, List<Stored> stored) {
		Instant from = currentHour.minus(Duration.ofHours(HOURS - 1));
		Map<Instant, Stored> byHour = new HashMap<>();
		stored.forEach(row -> byHour.put(row.hour().start(), row));
		List<Hour> hours = new ArrayList<>(HOURS);
		List<Window> windows = new ArrayList<>(HOURS / LATENCY_WINDOW_HOURS);
		LatencyHistogram window = LatencyHistogram.empty();
		LatencyHistogram all = LatencyHistogram.empty();
		int[] totals = new int[5];
		for (int i = 0; i < HOURS; i++) {
			Instant start = from.plus(Duration.ofHours(i));
			Stored row = byHour.get(start);
			hours.add(row == null ? new Hour(start, 0, 0, 0, 0, 0) : row.hour());
			if (row != null) {
				window = window.plus(row.latency());
				all = all.plus(row.latency());
				Hour hour = row.hour();
				totals[0] += hour.created();
				totals[1] += hour.updated();
				totals[2] += hour.disabled();
				totals[3] += hour.grouped();
				totals[4] += hour.failed();
			}
			if ((i + 1) % LATENCY_WINDOW_HOURS == 0) {
				Instant windowStart = start.minus(Duration.ofHours(LATENCY_WINDOW_HOURS - 1));
				windows.add(new Window(windowStart, window.count(), boxed(window.percentile(0.5)),
						boxed(window.percentile(0.95))));
				window = LatencyHistogram.empty();
			}
		}
		return new Activity(from, currentHour.plus(Duration.ofHours(1)), List.copyOf(hours), List.copyOf(windows),
				new Hour(from, totals[0], totals[1], totals[2], totals[3], totals[4]),
				new Window(from, all.count(), boxed(all.percentile(0.5)), boxed(all.percentile(0.95))));
	}

	private static Long boxed(java.util.OptionalLong value) {
		return value.isPresent() ? value.getAsLong() : null;
	}

	private static int[] ints(Array array) throws SQLException {
		if (array == null) {
			return new int[0];
		}
		Integer[] values = (Integer[]) array.getArray();
		int[] ints = new int[values.length];
		for (int i = 0; i < values.length; i++) {
			ints[i] = values[i] == null ? 0 : values[i];
		}
		return ints;
	}

}
