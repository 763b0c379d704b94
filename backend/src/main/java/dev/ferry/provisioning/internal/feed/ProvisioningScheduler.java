package dev.ferry.provisioning.internal.feed;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeSet;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.connection.Connections;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SyncOp;
import dev.ferry.provisioning.internal.config.Compiled;
import dev.ferry.provisioning.internal.config.ProvisioningProperties;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.IdentitySyncRequest;
import dev.ferry.provisioning.internal.engine.ReconcileRequest;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.provisioning.internal.groups.GroupPushHandler;
import dev.ferry.provisioning.internal.groups.GroupPushRequest;
import dev.ferry.system.AdvisoryLocks;
import dev.ferry.system.RequestOrigin;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.TenantContext;
import dev.ferry.work.WorkQueue;
import dev.ferry.work.WorkStats;

/**
 * The change feed's fallback and the drift finder: for every organisation with
 * provisioning on, polls Okta's System Log from the stored cursor (catching any change a
 * hook delivery missed) and starts a full reconcile when its interval has passed. Runs in
 * processes with the scheduler role; a PostgreSQL advisory lock keeps it to one process
 * at a time.
 */
@Component
@EnableScheduling
class ProvisioningScheduler {

	private static final Logger log = LoggerFactory.getLogger(ProvisioningScheduler.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TransactionTemplate perTenant;

	private final TenantConnectors connectors;

	private final WorkQueue work;

	private final FerryProperties properties;

	private final Clock clock;

	private final Duration pollInterval;

	/**
	 * When this process next looks for System Logs to read: the earliest time one is due,
	 * from the times stored with the cursors (so a standby taking over knows the
	 * schedule), at most a poll interval away.
	 */
	private volatile Instant nextPoll = Instant.EPOCH;

	private volatile Instant lastPurge = Instant.EPOCH;

	/** The last delivery gap this scheduler has caught up on ({@link DeliveryGaps}). */
	private volatile Instant gapHandled = Instant.EPOCH;

	private final DeliveryGaps gaps;

	private final WorkStats workStats;

	/**
	 * More changed people than this in one poll are reconciled together rather than one
	 * by one.
	 */
	static final int MANY_CHANGES = 50;

	private final Duration pollIntervalWithHook;

	private final Connections connections;

	private final Compiled compiled;

	private final SeenEvents seen;

	private final AdvisoryLocks locks;

	private final Counter leaderTicks;

	ProvisioningScheduler(JdbcTemplate jdbc, TransactionTemplate transactions, TenantConnectors connectors,
			WorkQueue work, FerryProperties properties, Clock clock, ProvisioningProperties provisioning,
			Connections connections, Compiled compiled, SeenEvents seen, DeliveryGaps gaps, WorkStats workStats,
			AdvisoryLocks locks, MeterRegistry meters) {
		this.locks = locks;
		// a tick as the leader: one process of the deployment, the one holding the lock,
		// counts; nothing counting anywhere means no scheduler leads (an alert)
		this.leaderTicks = Counter.builder("ferry.scheduler.leader.ticks")
			.description("Scheduler ticks run as the leader (System Log polls, reconcile timer)")
			.register(meters);
		this.workStats = workStats;
		this.gaps = gaps;
		this.seen = seen;
		this.compiled = compiled;
		this.pollIntervalWithHook = provisioning.pollIntervalWithHook();
		this.connections = connections;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.perTenant = new TransactionTemplate(transactions.getTransactionManager());
		this.perTenant
			.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.connectors = connectors;
		this.work = work;
		this.properties = properties;
		this.clock = clock;
		this.pollInterval = provisioning.pollInterval();
	}

	@Scheduled(fixedDelayString = "${ferry.provisioning.scheduler-tick:5s}", initialDelayString = "2s")
	void tick() {
		if (!properties.runs(FerryProperties.Role.SCHEDULER)) {
			return;
		}
		// deliveries may have been missed since the last gap we caught up on: read every
		// System Log now
		Instant gap = gaps.last();
		boolean catchUp = gap.isAfter(gapHandled);
		boolean poll = catchUp || !clock.instant().isBefore(nextPoll);
		// set only by a tick that held the lock; the others leave the schedule as it was
		Instant[] due = { null };
		boolean purge = clock.instant().isAfter(lastPurge.plus(Duration.ofHours(1)));
		transactions.executeWithoutResult(status -> {
			if (!locks.tryLock(AdvisoryLocks.Space.SCHEDULER_LEADER)) {
				return;
			}
			due[0] = clock.instant().plus(pollInterval);
			leaderTicks.increment();
			List<Map<String, Object>> tenants = jdbc
				.queryForList("select tenant_id, reconcile_minutes from ferry_provisioning_tenants()");
			for (Map<String, Object> row : tenants) {
				UUID tenant = (UUID) row.get("tenant_id");
				int minutes = ((Number) row.get("reconcile_minutes")).intValue();
				// each tenant in a transaction (and connection) of its own, which carries
				// that tenant for
				// row-level security; the outer one only holds the leader lock
				// one correlation id per organisation and tick: the jobs a poll queues
				// are told apart by it in the logs and the audit log
				TenantContext.run(tenant,
						() -> RequestOrigin.correlated("scheduler", () -> perTenant.executeWithoutResult(inner -> {
							reconcileIfDue(minutes);
							if (poll) {
								Instant next = poll(catchUp);
								if (next.isBefore(due[0])) {
									due[0] = next;
								}
							}
							if (purge) {
								seen.forgetOld();
							}
						})));
			}
		});
		if (poll && due[0] != null) {
			nextPoll = due[0];
		}
		if (catchUp) {
			gapHandled = gap;
		}
		if (purge) {
			lastPurge = clock.instant();
		}
	}

	private void reconcileIfDue(int minutes) {
		if (workStats.active(ReconcileRequest.KIND) > 0) {
			// one is waiting or running (perhaps not yet with a run to show for it): it
			// is the one due
			return;
		}
		List<Timestamp> last = jdbc.queryForList("select max(started_at) from run where kind = 'RECONCILE'",
				Timestamp.class);
		Instant lastStart = last.isEmpty() || last.get(0) == null ? Instant.EPOCH : last.get(0).toInstant();
		if (clock.instant().isAfter(lastStart.plus(Duration.ofMinutes(minutes)))) {
			work.enqueue(ReconcileRequest.ALL, ReconcileRequest.of("scheduled"));
		}
	}

	/**
	 * The changed people the event hook has not already carried: a person all of whose
	 * events were delivered (their ids are in {@code hook_event}) was synced then. The
	 * polled events are recorded as seen too, so a late hook delivery of one of them is
	 * not synced a second time either.
	 */
	private List<String> notYetDelivered(SyncOp.Changes changes) {
		Set<String> polled = new HashSet<>();
		changes.eventsByIdentity().values().forEach(polled::addAll);
		// delivered before: recorded already, so not fresh now (odd ids are never
		// recorded, so never delivered)
		Set<String> delivered = new HashSet<>(polled);
		delivered.removeIf(id -> !SeenEvents.recordable(id));
		delivered.removeAll(seen.markSeen(polled));
		List<String> people = new ArrayList<>();
		for (String person : changes.changedIdentities()) {
			List<String> events = changes.eventsByIdentity().getOrDefault(person, List.of());
			if (events.isEmpty() || !delivered.containsAll(events)) {
				people.add(person);
			}
		}
		return people;
	}

	/**
	 * Okta's System Log from the stored position; every changed person is queued for a
	 * sync, or, when many changed at once (a bulk assignment), one reconcile does them
	 * all with far fewer calls. With a verified event hook the log is only a safety net,
	 * read every {@code poll-interval-with-hook} — and at once after a window in which
	 * deliveries may have been missed ({@code catchUp}). Changed groups queue one group
	 * push. Several scheduler processes (one acting, the others standing by,
	 * docs/operations-kubernetes.md) share the schedule through {@code polled_at}.
	 * @return when this organisation's log is next due
	 */
	private Instant poll(boolean catchUp) {
		Map<String, Object> cursor = jdbc.queryForList("select position, polled_at from source_poll_cursor")
			.stream()
			.findFirst()
			.orElse(Map.of());
		String position = (String) cursor.get("position");
		Timestamp polledAt = (Timestamp) cursor.get("polled_at");
		boolean hookVerified = connections.hookReceiving();
		// due by the time stored with the cursor, not by this process's memory: of two
		// schedulers the one holding the lock skips a log the other read less than an
		// interval ago, so two read each log as often as one would
		// with a hook the log is never read more often than without one
		Duration interval = hookVerified ? longer(pollInterval, pollIntervalWithHook) : pollInterval;
		if (polledAt != null && !catchUp && clock.instant().isBefore(polledAt.toInstant().plus(interval))) {
			return polledAt.toInstant().plus(interval);
		}
		try {
			IdentitySource source = connectors.source();
			if (!source.can(SyncOp.class)) {
				// a source that only pushes changes has nothing to poll
				return clock.instant().plus(pollInterval);
			}
			SyncOp.Changes changes = source.require(SyncOp.class).changesSince(position);
			// without a verified hook nothing was delivered: every polled change is
			// synced
			List<String> people = hookVerified ? notYetDelivered(changes) : changes.changedIdentities();
			if (people.size() > MANY_CHANGES) {
				work.enqueue(ReconcileRequest.ALL,
						ReconcileRequest.of("system-log: " + people.size() + " people changed"));
			}
			else {
				// in the order the hook ingest uses (people by id, then the group push),
				// so the two never
				// deadlock on the same jobs
				for (String person : new TreeSet<>(people)) {
					work.enqueue(person, IdentitySyncRequest.checking("system-log"));
				}
			}
			if (!changes.changedGroups().isEmpty() && GroupPushHandler.pushing(compiled.current().config())) {
				work.enqueue(GroupPushRequest.KEY,
						GroupPushRequest.of("system-log: " + changes.changedGroups().size() + " group(s) changed"));
			}
			jdbc.update(
					"insert into source_poll_cursor (tenant_id, position, polled_at) values (?, ?, ?) on conflict "
							+ "(tenant_id) do update set position = excluded.position, polled_at = excluded.polled_at",
					TenantContext.require(), changes.position(), Timestamp.from(clock.instant()));
			return clock.instant().plus(interval);
		}
		catch (ConnectorException | IllegalStateException ex) {
			log.debug("System Log poll for tenant {} failed: {}", TenantContext.current().orElse(null),
					ex.getMessage());
			// tried again a poll interval later, not at every tick
			return clock.instant().plus(pollInterval);
		}
	}

	private static Duration longer(Duration a, Duration b) {
		return a.compareTo(b) >= 0 ? a : b;
	}

}
