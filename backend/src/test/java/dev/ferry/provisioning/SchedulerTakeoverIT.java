package dev.ferry.provisioning;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.connection.Connections;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: the Helm chart runs two scheduler processes, one acting and one standing by.
 * Each scheduler tick takes a PostgreSQL advisory lock for as long as it works
 * ({@code AdvisoryLocks.Space.SCHEDULER_LEADER}); a process that dies holding it loses it
 * with its connection, and the other process acts at its next tick. Proved here as a lost
 * node would do it: the process holding the lock, caught in the middle of a tick, is
 * SIGKILLed, and the other must poll Okta's System Log within 30 s, and a profile change
 * made after the kill must reach ShareFile.
 *
 * <p>
 * The schedulers are separate JVMs ({@link FerryProcess}) with the {@code scheduler} role
 * only; this class's own context has {@code web,worker} (it runs the jobs the polls
 * queue) and no scheduler, and runs right after {@code OutageCatchUpIT}
 * ({@code @Order(3)}), before any other class's cached context — whose scheduler would
 * take the lock too — exists.
 */
@FerryIntegrationTest
@TestPropertySource(properties = "ferry.roles=web,worker")
@DirtiesContext
@Order(3)
class SchedulerTakeoverIT {

	/**
	 * What the chart documents (docs/operations-kubernetes.md): the standby acts this
	 * soon.
	 */
	static final Duration TAKEOVER = Duration.ofSeconds(30);

	static final Duration CONVERGE = Duration.ofSeconds(120);

	/**
	 * Each call to this world's Okta org takes this long, so a tick that polls it holds
	 * the lock for seconds: long enough to be seen holding it, and killed there.
	 */
	static final int OKTA_LATENCY_MILLIS = 1500;

	/**
	 * The schedulers' {@code ferry.provisioning.poll-interval}: longer than the test
	 * profile's 2 s, so that reading twice as often as configured stands out from the
	 * ticks' granularity (1 s).
	 */
	static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

	/**
	 * System Log reads the two schedulers are timed over: one scheduler needs at least
	 * {@code READS - 2} intervals for them (the first may come right after the mark), two
	 * reading on their own schedules about half that.
	 */
	static final int READS = 8;

	/** The advisory lock's 64-bit key as pg_locks shows it (classid, objid). */
	static final String LEADER_LOCK_HOLDER = """
			select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
			where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objid::bigint = ? and l.objsubid = 1
			  and l.database = (select oid from pg_database where datname = current_database())
			""";

	/** {@code AdvisoryLocks.Space.SCHEDULER_LEADER}'s fixed key. */
	static final long LEADER_KEY = 0x5EED_F3E5L;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void whenTheActingSchedulerIsKilledTheStandbyTakesOverWithin30Seconds() throws Exception {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		String person = world.person("Sam", "Standby");
		String email = world.email("Sam", "Standby");
		world.assign(person);
		world.configure(config -> config.withEnabled(true));
		// no event hook: only a scheduler's System Log poll carries Okta's changes
		await("the person provisioned").atMost(CONVERGE)
			.until(() -> world.as(() -> provisioning.linkedAccounts()) == 1);

		long launched = world.mark();
		CompletableFuture<FerryProcess> startingA = CompletableFuture.supplyAsync(() -> scheduler("a"));
		CompletableFuture<FerryProcess> startingB = CompletableFuture.supplyAsync(() -> scheduler("b"));
		try (FerryProcess a = startingA.join(); FerryProcess b = startingB.join()) {
			theTwoReadTheSystemLogOncePerInterval(world, launched);

			world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/faults",
					"{\"latencyMillis\":" + OKTA_LATENCY_MILLIS + "}");
			String holder = await("a scheduler in the middle of a tick").atMost(CONVERGE)
				.pollInterval(Duration.ofMillis(50))
				.until(this::leaderLockHolder, name -> name != null && name.startsWith("ferry-scheduler-"));
			FerryProcess leader = holder.equals("ferry-scheduler-a") ? a : b;
			FerryProcess standby = (leader == a) ? b : a;

			Instant killed = Instant.now();
			leader.kill();
			String standbyName = (leader == a) ? "ferry-scheduler-b" : "ferry-scheduler-a";
			// the standby's tick holding the lock: its slow poll of this org keeps it
			// held
			// long enough to be seen
			await("the standby " + standby + " holding the lock").atMost(TAKEOVER)
				.pollInterval(Duration.ofMillis(50))
				.until(this::leaderLockHolder, standbyName::equals);
			long tookOverMs = Duration.between(killed, Instant.now()).toMillis();
			world.sandbox.control("DELETE", "/sandbox/api/okta/" + world.org + "/faults", null);
			world.profile(person, "{\"lastName\":\"AfterTakeover\"}");

			await("a System Log poll by " + standby + " after the kill").atMost(TAKEOVER)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> lastPoll(world).isAfter(killed));
			long polledMs = Duration.between(killed, lastPoll(world)).toMillis();
			await("the change made after the kill, in ShareFile").atMost(TAKEOVER)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> "AfterTakeover".equals(ProvisioningWorld.text(world.shareFileUser(email), "lastName")));
			long landedMs = Duration.between(killed, Instant.now()).toMillis();
			System.out.printf(
					"Scheduler takeover: %s killed mid-tick; %s held the lock %d ms later, polled after %d ms; the change "
							+ "made after the kill was in ShareFile after %d ms%n",
					holder, standbyName, tookOverMs, polledMs, landedMs);
			assertThat(standby.isAlive()).isTrue();
			assertThat(leader.isAlive()).isFalse();
		}
	}

	/**
	 * Two schedulers read an organisation's System Log as often as one would: when it is
	 * due is decided by the time stored with its cursor, not by each process's own clock
	 * (Okta's rate limits count every read).
	 */
	private static void theTwoReadTheSystemLogOncePerInterval(ProvisioningWorld world, long launched) {
		// each process's start is a delivery gap (DeliveryGaps) that both catch up on at
		// once: counted after those reads (two of them, or one and the next poll)
		await("the start-up catch-up reads").atMost(CONVERGE)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> systemLogReads(world, launched) >= 2);
		long mark = world.mark();
		long start = System.nanoTime();
		// not stalled: the reads come within four intervals each
		await("the two schedulers' next " + READS + " System Log reads").atMost(POLL_INTERVAL.multipliedBy(4L * READS))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> systemLogReads(world, mark) >= READS);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		System.out.printf("Two schedulers read the System Log %d times in %d ms (poll interval %d s)%n", READS,
				took.toMillis(), POLL_INTERVAL.toSeconds());
		assertThat(took).as("%d System Log reads by two schedulers, no faster than one scheduler's", READS)
			.isGreaterThanOrEqualTo(POLL_INTERVAL.multipliedBy(READS - 2));
	}

	private static FerryProcess scheduler(String name) {
		// the name each process's connections carry, so pg_locks tells which holds the
		// lock
		return FerryProcess.start("scheduler-" + name, "scheduler", Sandbox.freePort(),
				Map.of("spring.datasource.hikari.data-source-properties.ApplicationName", "ferry-scheduler-" + name,
						"ferry.provisioning.poll-interval", POLL_INTERVAL.toSeconds() + "s"));
	}

	private String leaderLockHolder() {
		List<String> holders = jdbc.queryForList(LEADER_LOCK_HOLDER, String.class, LEADER_KEY);
		return holders.isEmpty() ? null : holders.get(0);
	}

	private static long systemLogReads(ProvisioningWorld world, long after) {
		return world.oktaRequestsAfter(after)
			.stream()
			.filter(request -> request.path("path").asString().contains("/api/v1/logs"))
			.count();
	}

	private Instant lastPoll(ProvisioningWorld world) {
		List<Timestamp> polled = world.as(() -> jdbc
			.queryForList("select polled_at from source_poll_cursor where polled_at is not null", Timestamp.class));
		return polled.isEmpty() ? Instant.EPOCH : polled.get(0).toInstant();
	}

}
