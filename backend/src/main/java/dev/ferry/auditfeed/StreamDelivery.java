package dev.ferry.auditfeed;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.FerryProperties;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * Sends each organisation's audit chain to its SIEM destinations, in the processes with
 * the scheduler role.
 *
 * <p>
 * One batch is one transaction that locks the destination's row
 * ({@code for update skip locked}: another process skips a destination being sent, so
 * each is sent by one process at a time), reads the events after its cursor, sends them,
 * and moves the cursor to the last of them only if the receiver accepted the batch. A
 * process that dies while sending never commits: PostgreSQL rolls back and frees the row,
 * and the next attempt sends the same events again. So no event is ever skipped, and an
 * event is sent more than once only when its batch was not acknowledged — the receiver
 * de-duplicates it by its {@code tenant} and {@code seq} (docs/portal-audit-api.md). A
 * refused batch is tried again after a back-off that doubles up to
 * {@code ferry.audit-stream.backoff-max}.
 */
@Component
class StreamDelivery {

	private static final Logger log = LoggerFactory.getLogger(StreamDelivery.class);

	/** The most one destination is sent in one tick before the others get their turn. */
	private static final Duration TURN = Duration.ofSeconds(30);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AuditStreams streams;

	private final AuditFeed feed;

	private final Tenants tenants;

	private final StreamProperties properties;

	private final FerryProperties ferry;

	private final Clock clock;

	StreamDelivery(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditStreams streams, AuditFeed feed,
			Tenants tenants, StreamProperties properties, FerryProperties ferry, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.streams = streams;
		this.feed = feed;
		this.tenants = tenants;
		this.properties = properties;
		this.ferry = ferry;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${ferry.audit-stream.tick:1s}", initialDelayString = "2s")
	void tick() {
		if (!ferry.runs(FerryProperties.Role.SCHEDULER)) {
			return;
		}
		try {
			deliverDue();
		}
		catch (RuntimeException ex) {
			log.warn("Could not deliver audit streams: {}", ex.toString());
		}
	}

	/**
	 * Sends every destination that is due, each until it has caught up, been refused or
	 * had its turn.
	 * @return how many batches receivers accepted
	 */
	int deliverDue() {
		List<Map<String, Object>> due = jdbc.queryForList("select tenant_id, id from ferry_audit_streams_due(?)",
				Timestamp.from(clock.instant()));
		int accepted = 0;
		for (Map<String, Object> row : due) {
			UUID tenant = (UUID) row.get("tenant_id");
			UUID id = (UUID) row.get("id");
			Instant until = clock.instant().plus(TURN);
			try {
				Attempt attempt;
				do {
					attempt = TenantContext.call(tenant, () -> attempt(tenant, id));
					accepted += attempt.accepted() ? 1 : 0;
				}
				while (attempt.more() && clock.instant().isBefore(until));
			}
			catch (RuntimeException ex) {
				log.warn("Could not deliver audit stream {} of tenant {}: {}", id, tenant, ex.toString());
			}
		}
		return accepted;
	}

	/** One batch to one destination, in one transaction holding its row. */
	private Attempt attempt(UUID tenant, UUID id) {
		return transactions.execute(status -> {
			Instant now = clock.instant();
			List<AuditStreams.Stored> locked = jdbc.query(
					"select id, name, kind, address, secret, cursor_seq, failures from audit_stream where id = ? "
							+ "and not paused and next_attempt_at <= ? for update skip locked",
					(rs, n) -> AuditStreams.Stored.of(rs), id, Timestamp.from(now));
			if (locked.isEmpty()) {
				return Attempt.NOTHING; // sent by another process, paused, removed or
										// not due
			}
			AuditStreams.Stored stream = locked.getFirst();
			AuditFeed.Page page = feed.after(stream.cursor(), properties.batchSize(), null, null);
			if (page.events().isEmpty()) {
				jdbc.update("update audit_stream set next_attempt_at = ? where id = ?",
						Timestamp.from(now.plus(properties.idlePoll())), id);
				return Attempt.NOTHING;
			}
			String slug = tenants.byId(tenant).orElseThrow().slug();
			try {
				streams.send(stream, Batch.of(id, slug, tenant, page.events()));
			}
			catch (DeliveryFailure failure) {
				Duration wait = properties.backoff(stream.failures() + 1);
				jdbc.update(
						"update audit_stream set failures = failures + 1, last_error = ?, last_attempt_at = ?, "
								+ "next_attempt_at = ? where id = ?",
						failure.stored(), Timestamp.from(now), Timestamp.from(clock.instant().plus(wait)), id);
				return Attempt.REFUSED;
			}
			Instant done = clock.instant();
			jdbc.update(
					"update audit_stream set cursor_seq = ?, batches_sent = batches_sent + 1, failures = 0, "
							+ "last_error = null, last_success_at = ?, last_attempt_at = ?, next_attempt_at = ? "
							+ "where id = ?",
					page.events().getLast().seq(), Timestamp.from(done), Timestamp.from(now),
					Timestamp.from(page.more() ? done : done.plus(properties.idlePoll())), id);
			return page.more() ? Attempt.MORE : Attempt.CAUGHT_UP;
		});
	}

	private enum Attempt {

		NOTHING, REFUSED, CAUGHT_UP, MORE;

		boolean accepted() {
			return this == CAUGHT_UP || this == MORE;
		}

		boolean more() {
			return this == MORE;
		}

	}

}
