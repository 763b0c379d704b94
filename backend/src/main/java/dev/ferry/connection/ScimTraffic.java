package dev.ferry.connection;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.TenantContext;

/**
 * What each organisation's identity provider asked of its SCIM endpoint, for the
 * Connections page: the last request, the last error, and counts per hour. Requests are
 * tallied in this process's memory ({@link #record}, a map update: the SCIM answer waits
 * for nothing) and added to PostgreSQL every few seconds ({@link #flush}), so every web
 * process's traffic adds up and a crash loses at most those few seconds of counts.
 * Nothing recorded carries an id, a filter value or a body beyond the SCIM error's
 * detail.
 */
@Service
public class ScimTraffic {

	/** Hour buckets are kept this long: the page shows the last 24 hours. */
	static final Duration KEPT = Duration.ofHours(48);

	private static final Logger log = LoggerFactory.getLogger(ScimTraffic.class);

	/**
	 * The organisation and token the gate found for the SCIM request this thread serves.
	 * A thread-local because the gate (in provisioning, which this module cannot see)
	 * learns them inside {@link ScimTokens#authorized}, while {@link ScimTrafficFilter}
	 * wraps the whole request around it on the same thread.
	 */
	private static final ThreadLocal<Caller> CALLER = new ThreadLocal<>();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Map<UUID, Tally> pending = new ConcurrentHashMap<>();

	ScimTraffic(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** Starts noting who calls on this thread (the filter, before the gate). */
	static Caller begin() {
		Caller caller = new Caller();
		CALLER.set(caller);
		return caller;
	}

	static void end() {
		CALLER.remove();
	}

	/**
	 * The gate checked a token of this organisation: {@code token} is the name of the one
	 * presented, or null when none matched. Outside a SCIM request, nothing happens.
	 */
	static void authenticated(UUID tenant, String token) {
		Caller caller = CALLER.get();
		if (caller != null) {
			caller.tenant = tenant;
			caller.token = token;
		}
	}

	/**
	 * The name of the token or OAuth client the SCIM request this thread serves was
	 * admitted with; empty outside one.
	 */
	static java.util.Optional<String> credential() {
		Caller caller = CALLER.get();
		return java.util.Optional.ofNullable(caller == null ? null : caller.token);
	}

	/** Adds one answered request to this process's tally. */
	void record(UUID tenant, Request request) {
		Instant hour = request.at().truncatedTo(ChronoUnit.HOURS);
		// compute holds the map's bin while adding, so a flush never takes a tally
		// half-written
		pending.compute(tenant, (key, tally) -> {
			Tally sum = (tally == null) ? new Tally() : tally;
			sum.add(hour, request);
			return sum;
		});
	}

	/**
	 * Adds every organisation's tally to PostgreSQL: counts are summed with what other
	 * processes wrote, the last request and error are kept when newer than the stored
	 * ones. A tally that cannot be written is dropped (the page is an aid, not a ledger).
	 */
	@Scheduled(fixedDelayString = "${ferry.scim.traffic-flush:5s}", initialDelayString = "5s")
	public void flush() {
		Instant oldest = clock.instant().minus(KEPT).truncatedTo(ChronoUnit.HOURS);
		for (UUID tenant : List.copyOf(pending.keySet())) {
			Tally tally = pending.remove(tenant);
			if (tally == null) {
				continue;
			}
			try {
				TenantContext.run(tenant,
						() -> transactions.executeWithoutResult(status -> write(tenant, tally, oldest)));
			}
			catch (RuntimeException ex) {
				log.warn("SCIM traffic of organisation {} not recorded: {}", tenant, ex.toString());
			}
		}
	}

	@PreDestroy
	void flushOnShutdown() {
		flush();
	}

	private void write(UUID tenant, Tally tally, Instant oldest) {
		tally.hours.forEach((hour, counts) -> jdbc.update(
				"insert into scim_traffic_hour (tenant_id, hour, requests, client_errors, server_errors, auth_failures) "
						+ "values (?, ?, ?, ?, ?, ?) on conflict (tenant_id, hour) do update set "
						+ "requests = scim_traffic_hour.requests + excluded.requests, "
						+ "client_errors = scim_traffic_hour.client_errors + excluded.client_errors, "
						+ "server_errors = scim_traffic_hour.server_errors + excluded.server_errors, "
						+ "auth_failures = scim_traffic_hour.auth_failures + excluded.auth_failures",
				tenant, Timestamp.from(hour), counts[0], counts[1], counts[2], counts[3]));
		Request last = tally.last;
		jdbc.update(
				"insert into scim_traffic_latest (tenant_id, last_at, last_method, last_resource, last_status, "
						+ "last_client, last_token) values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id) do update set "
						+ "last_at = excluded.last_at, last_method = excluded.last_method, "
						+ "last_resource = excluded.last_resource, last_status = excluded.last_status, "
						+ "last_client = excluded.last_client, last_token = excluded.last_token "
						+ "where scim_traffic_latest.last_at <= excluded.last_at",
				tenant, Timestamp.from(last.at()), last.method(), last.resource(), last.status(), last.client(),
				last.token());
		Request error = tally.lastError;
		if (error != null) {
			jdbc.update(
					"update scim_traffic_latest set error_at = ?, error_method = ?, error_resource = ?, "
							+ "error_status = ?, error_detail = ?, error_client = ?, error_token = ? "
							+ "where tenant_id = ? and (error_at is null or error_at <= ?)",
					Timestamp.from(error.at()), error.method(), error.resource(), error.status(), error.detail(),
					error.client(), error.token(), tenant, Timestamp.from(error.at()));
		}
		jdbc.update("delete from scim_traffic_hour where tenant_id = ? and hour < ?", tenant, Timestamp.from(oldest));
	}

	/**
	 * The current organisation's traffic as stored (this process's last few seconds
	 * arrive with the next flush): the last request, the last error, and the counts of
	 * the last 24 hours (whole hours: the current one and the 23 before it).
	 */
	public Summary summary() {
		UUID tenant = TenantContext.require();
		Instant since = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
		return transactions.execute(status -> {
			long[] counts = jdbc.queryForObject(
					"select coalesce(sum(requests), 0), coalesce(sum(client_errors), 0), "
							+ "coalesce(sum(server_errors), 0), coalesce(sum(auth_failures), 0) "
							+ "from scim_traffic_hour where tenant_id = ? and hour >= ?",
					(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4) }, tenant,
					Timestamp.from(since));
			Optional<Request[]> latest = jdbc
				.query("select * from scim_traffic_latest where tenant_id = ?",
						(rs, n) -> new Request[] {
								new Request(rs.getTimestamp("last_at").toInstant(), rs.getString("last_method"),
										rs.getString("last_resource"), rs.getInt("last_status"),
										rs.getString("last_client"), rs.getString("last_token"), null),
								rs.getTimestamp("error_at") == null ? null
										: new Request(rs.getTimestamp("error_at").toInstant(),
												rs.getString("error_method"), rs.getString("error_resource"),
												rs.getInt("error_status"), rs.getString("error_client"),
												rs.getString("error_token"), rs.getString("error_detail")) },
						tenant)
				.stream()
				.findFirst();
			return new Summary(latest.map(row -> row[0]).orElse(null), latest.map(row -> row[1]).orElse(null),
					counts[0], counts[1], counts[2], counts[3]);
		});
	}

	/** Who the gate found behind the SCIM request this thread serves. */
	static final class Caller {

		private UUID tenant;

		private String token;

		UUID tenant() {
			return tenant;
		}

		String token() {
			return token;
		}

	}

	/** One organisation's requests since the last flush. */
	private static final class Tally {

		/** requests, client errors, server errors, authentication failures */
		private final Map<Instant, long[]> hours = new HashMap<>();

		private Request last;

		private Request lastError;

		void add(Instant hour, Request request) {
			long[] counts = hours.computeIfAbsent(hour, key -> new long[4]);
			counts[0]++;
			if (request.status() >= 400 && request.status() < 500) {
				counts[1]++;
			}
			if (request.status() >= 500) {
				counts[2]++;
			}
			if (request.authenticationFailed()) {
				counts[3]++;
			}
			if (last == null || !request.at().isBefore(last.at())) {
				last = request;
			}
			if (request.status() >= 400 && (lastError == null || !request.at().isBefore(lastError.at()))) {
				lastError = request;
			}
		}

	}

	/**
	 * One SCIM request as the page shows it.
	 *
	 * @param resource what was asked for, without ids or parameters ({@code /Users},
	 * {@code /Users/{id}}); {@value ScimTrafficFilter#OTHER} for a path SCIM does not
	 * define
	 * @param client the identity provider by name when its User-Agent says which, else
	 * the User-Agent, shortened; null without one
	 * @param token the name of the token presented; null when none of the organisation's
	 * matched
	 * @param detail the SCIM error's detail (errors only)
	 */
	public record Request(Instant at, String method, String resource, int status, String client, String token,
			String detail) {

		/**
		 * The token was missing or wrong: refused (401), or throttled after too many such
		 * refusals (429 without a token).
		 */
		public boolean authenticationFailed() {
			return status == 401 || (status == 429 && token == null);
		}

		public boolean error() {
			return status >= 400;
		}

	}

	/**
	 * The organisation's SCIM traffic for the page.
	 *
	 * @param last the last request, null when none has come
	 * @param lastError the last answered with an error, null when none has
	 */
	public record Summary(Request last, Request lastError, long requests, long clientErrors, long serverErrors,
			long authFailures) {

		/** Errors (4xx and 5xx) per hundred requests, to one decimal. */
		public double errorRate() {
			return requests == 0 ? 0 : Math.round(1000.0 * (clientErrors + serverErrors) / requests) / 10.0;
		}

	}

}
