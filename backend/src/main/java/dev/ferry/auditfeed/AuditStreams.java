package dev.ferry.auditfeed;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connection.Credentials;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.system.SecretBox;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * The current organisation's SIEM destinations, as the page manages them: added (a
 * webhook's signing secret shown once, stored encrypted), paused, resumed, removed and
 * tested, each audited; and their state for people (how far behind, in events and in
 * time; the last success; the last error in words). {@link StreamDelivery} sends.
 */
@Service
class AuditStreams {

	/** Enough for a SIEM and its replacement; more is a mistake. */
	static final int MAX_DESTINATIONS = 5;

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final SecretBox secrets;

	private final AllowedHosts hosts;

	private final AuditFeed feed;

	private final WebhookSender webhooks;

	private final SyslogSender syslog;

	private final Tenants tenants;

	AuditStreams(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock, SecretBox secrets,
			AllowedHosts hosts, AuditFeed feed, WebhookSender webhooks, SyslogSender syslog, Tenants tenants) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.secrets = secrets;
		this.hosts = hosts;
		this.feed = feed;
		this.webhooks = webhooks;
		this.syslog = syslog;
		this.tenants = tenants;
	}

	/** How events reach a destination. */
	enum Kind {

		/** HTTPS POST of a JSON batch, HMAC-signed ({@link WebhookSender}). */
		WEBHOOK,

		/** Syslog RFC 5424 over TLS, RFC 5425 framing ({@link SyslogSender}). */
		SYSLOG

	}

	/**
	 * A new destination, sent the organisation's chain from its first event.
	 * @return its id, and a webhook's signing secret (never shown again; null for syslog)
	 * @throws Refusal when the name or address is unusable or {@value #MAX_DESTINATIONS}
	 * exist
	 */
	@Transactional
	public Created create(String name, Kind kind, String address, AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		String label = Credentials.name(name);
		if (kind == null) {
			throw new Refusal("auditfeed.flash.stream.kind");
		}
		String target = address == null ? "" : address.strip();
		addressProblem(kind, target).ifPresent(problem -> {
			throw new Refusal(problem);
		});
		Integer count = jdbc.queryForObject("select count(*) from audit_stream", Integer.class);
		if (count != null && count >= MAX_DESTINATIONS) {
			throw new Refusal("auditfeed.flash.stream.tooMany", MAX_DESTINATIONS);
		}
		String secret = kind == Kind.WEBHOOK ? Credentials.newSecret() : null;
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(clock.instant());
		jdbc.update(
				"insert into audit_stream (tenant_id, id, name, kind, address, secret, created_at, created_by, "
						+ "next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				tenant, id, label, kind.name(), target, secret == null ? null : secrets.encrypt(secret), now,
				actor.name(), now);
		events.publishEvent(new Happened(tenant, actor, "audit.stream.created", "audit_stream", id.toString(),
				AuditEntry.Outcome.SUCCESS, Map.of("name", label, "kind", kind.name(), "address", target)));
		return new Created(id, secret);
	}

	/** Stops sending until resumed; the cursor stays where it is. */
	@Transactional
	public boolean pause(UUID id, AuditEntry.Actor actor) {
		return change(id, "paused = true", "audit.stream.paused", actor);
	}

	/** Sends again at once, from where the cursor stands. */
	@Transactional
	public boolean resume(UUID id, AuditEntry.Actor actor) {
		return change(id, "paused = false, failures = 0, next_attempt_at = now()", "audit.stream.resumed", actor);
	}

	/** Removes a destination: nothing more is sent to it. */
	@Transactional
	public boolean remove(UUID id, AuditEntry.Actor actor) {
		List<String> names = jdbc.queryForList("delete from audit_stream where id = ? returning name", String.class,
				id);
		if (names.isEmpty()) {
			return false;
		}
		events.publishEvent(new Happened(TenantContext.require(), actor, "audit.stream.removed", "audit_stream",
				id.toString(), AuditEntry.Outcome.SUCCESS, Map.of("name", names.getFirst())));
		return true;
	}

	private boolean change(UUID id, String set, String action, AuditEntry.Actor actor) {
		List<String> names = jdbc.queryForList("update audit_stream set " + set + " where id = ? returning name",
				String.class, id);
		if (names.isEmpty()) {
			return false;
		}
		events.publishEvent(new Happened(TenantContext.require(), actor, action, "audit_stream", id.toString(),
				AuditEntry.Outcome.SUCCESS, Map.of("name", names.getFirst())));
		return true;
	}

	/**
	 * Sends one test message outside the chain (the cursor does not move) and says how
	 * the receiver answered; audited either way.
	 * @return empty when the receiver accepted it, otherwise why not
	 */
	public Optional<Problem> test(UUID id, AuditEntry.Actor actor) {
		UUID tenant = TenantContext.require();
		Stored stored = stored(id).orElseThrow(() -> new Refusal("auditfeed.flash.stream.gone"));
		Problem problem = null;
		try {
			send(stored, Batch.test(id, tenants.byId(tenant).orElseThrow().slug(), tenant));
		}
		catch (DeliveryFailure failure) {
			problem = failure.problem();
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", stored.name());
		if (problem != null) {
			details.put("error", failureText(problem));
		}
		events.publishEvent(new Happened(tenant, actor, "audit.stream.tested", "audit_stream", id.toString(),
				problem == null ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE, details)
			.evenIfRolledBack());
		return Optional.ofNullable(problem);
	}

	/**
	 * Sends a batch to a destination, its address checked again first (a name may resolve
	 * elsewhere today).
	 */
	void send(Stored stored, Batch batch) throws DeliveryFailure {
		Optional<Problem> problem = addressProblem(stored.kind(), stored.address());
		if (problem.isPresent()) {
			throw new DeliveryFailure("auditfeed.error.address", stored.address());
		}
		switch (stored.kind()) {
			case WEBHOOK -> webhooks.send(stored.address(), secrets.decrypt(stored.secret()), batch);
			case SYSLOG -> syslog.send(stored.address(), batch);
		}
	}

	/**
	 * Why Ferry may not send to an address, as for every address a tenant types
	 * ({@link AllowedHosts}): a webhook is an https URL of a public host or one the
	 * operator allows; a syslog receiver is {@code host:port} of the same kind of host,
	 * on any port (6514 is syslog over TLS's).
	 */
	Optional<Problem> addressProblem(Kind kind, String address) {
		if (address == null || address.isBlank()) {
			return Optional.of(Problem.of("hosts.problem.missing"));
		}
		if (kind == Kind.WEBHOOK) {
			if (!address.regionMatches(true, 0, "https://", 0, 8)) {
				return Optional.of(Problem.of("auditfeed.problem.https"));
			}
			return hosts.problemWithProvider(address);
		}
		SyslogSender.HostPort target;
		try {
			target = SyslogSender.HostPort.parse(address);
		}
		catch (IllegalArgumentException ex) {
			return Optional.of(Problem.of("auditfeed.problem.hostPort"));
		}
		Optional<Problem> problem = hosts.problemWithProvider("https://" + target.host() + ":" + target.port());
		if (problem.isPresent() && "hosts.problem.providerPort".equals(problem.get().code())) {
			// any port will do for syslog: the host is what must be public
			return hosts.problemWithProvider("https://" + target.host());
		}
		return problem;
	}

	/**
	 * The current organisation's destinations and how each is doing. The oldest waiting
	 * event is read by its place in the chain, one indexed lookup per destination (as a
	 * correlated subquery PostgreSQL scanned the whole log under row-level security).
	 */
	@Transactional(readOnly = true)
	public List<Destination> list() {
		long end = feed.end();
		Instant now = clock.instant();
		UUID tenant = TenantContext.require();
		return jdbc.query("select id, name, kind, address, paused, cursor_seq, last_success_at, last_attempt_at, "
				+ "last_error, failures, next_attempt_at, batches_sent from audit_stream order by created_at, id",
				(rs, n) -> {
					long cursor = rs.getLong("cursor_seq");
					Duration waited = Duration.ZERO;
					if (cursor < end) {
						Timestamp oldest = jdbc
							.query("select occurred_at from audit_event where tenant_id = ? and chain_seq = ?",
									(row, i) -> row.getTimestamp(1), tenant, cursor + 1)
							.stream()
							.findFirst()
							.orElse(null);
						waited = oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), now);
					}
					return new Destination(rs.getObject("id", UUID.class), rs.getString("name"),
							Kind.valueOf(rs.getString("kind")), rs.getString("address"), rs.getBoolean("paused"),
							cursor, Math.max(0, end - cursor), waited.isNegative() ? Duration.ZERO : waited,
							instant(rs, "last_success_at"), instant(rs, "last_attempt_at"),
							DeliveryFailure.read(rs.getString("last_error")), rs.getInt("failures"),
							instant(rs, "next_attempt_at"), rs.getLong("batches_sent"));
				});
	}

	/** A destination as the sender needs it. */
	Optional<Stored> stored(UUID id) {
		return jdbc
			.query("select id, name, kind, address, secret, cursor_seq, failures from audit_stream where id = ?",
					(rs, n) -> Stored.of(rs), id)
			.stream()
			.findFirst();
	}

	private static String failureText(Problem problem) {
		return problem.code() + " " + problem.args();
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	/** What {@link #create} made: the id, and a webhook's secret shown once. */
	record Created(UUID id, String secret) {

	}

	/** A destination's row as the sender reads it (the secret still encrypted). */
	record Stored(UUID id, String name, Kind kind, String address, String secret, long cursor, int failures) {

		static Stored of(ResultSet rs) throws SQLException {
			return new Stored(rs.getObject("id", UUID.class), rs.getString("name"), Kind.valueOf(rs.getString("kind")),
					rs.getString("address"), rs.getString("secret"), rs.getLong("cursor_seq"), rs.getInt("failures"));
		}

		@Override
		public String toString() {
			return "Stored[" + id + ", " + name + ", " + kind + ", " + address + "]";
		}

	}

	/**
	 * A destination as the page shows it.
	 *
	 * @param cursor the last chain sequence the receiver accepted
	 * @param lagEvents events written since
	 * @param lagTime how long the oldest of them has waited
	 * @param lastError why the last attempt failed; null when it succeeded
	 * @param failures attempts failed in a row
	 */
	record Destination(UUID id, String name, Kind kind, String address, boolean paused, long cursor, long lagEvents,
			Duration lagTime, Instant lastSuccessAt, Instant lastAttemptAt, Problem lastError, int failures,
			Instant nextAttemptAt, long batchesSent) {

		public long lagMinutes() {
			return lagTime.toMinutes();
		}

	}

}
