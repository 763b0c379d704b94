package dev.ferry.provisioning;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.connection.Connections;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;
import dev.ferry.test.TestServices;
import dev.ferry.work.WorkStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart's half: a worker process sent SIGTERM in the middle of a reconcile
 * stops taking work, and the job it cannot finish within
 * {@code ferry.work.shutdown-grace} goes back to the queue at once — another process runs
 * it within seconds, not after {@code worker-timeout} (set to a minute here, so waiting
 * for it would show) — and in the end every person has exactly one ShareFile account,
 * linked once, with no job left running, waiting or dead.
 *
 * <p>
 * Two Ferry processes ({@link FerryProcess}) share the work; the one running the
 * reconcile is stopped as Kubernetes or systemd stop a process. This class's own context
 * only sets the world up (the {@code web} role alone) and runs among the first classes
 * ({@code @Order(3)}), before any other class's context, whose workers would take the
 * reconcile as eagerly, exists.
 */
@FerryIntegrationTest
@TestPropertySource(properties = "ferry.roles=web")
@DirtiesContext
@Order(3)
class WorkerHandoverIT {

	static final int PEOPLE = 300;

	/** Per ShareFile call, as in WorkerCrashIT: a reconcile that lasts. */
	static final int SHAREFILE_LATENCY_MILLIS = 200;

	/** Short, so the reconcile cannot finish in it and has to be handed over. */
	static final Duration GRACE = Duration.ofSeconds(2);

	/** Long, so a job left for the orphan release would visibly wait. */
	static final Duration WORKER_TIMEOUT = Duration.ofSeconds(60);

	/** What a handed-over job may wait for another process, far below the timeout. */
	static final Duration HANDOVER = Duration.ofSeconds(10);

	static final Duration CONVERGE = Duration.ofSeconds(120);

	private static final Pattern WORKER_STARTED = Pattern.compile("Worker (\\S+) started with");

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	WorkStats work;

	@Test
	void aWorkerStoppedMidReconcileHandsItsJobOverAtOnceAndNothingIsLostOrDuplicated() throws Exception {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		List<String> emails = world.assignedPeople(PEOPLE, "handover");
		long mark = world.mark();
		world.sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults",
				"{\"latencyMillis\":" + SHAREFILE_LATENCY_MILLIS + "}");
		int before = WorkerCrashIT.accounts(world);
		Map<String, Object> settings = Map.of("ferry.work.shutdown-grace", GRACE.toMillis() + "ms",
				"ferry.work.worker-timeout", WORKER_TIMEOUT.toMillis() + "ms", "ferry.work.reclaim-idle",
				WORKER_TIMEOUT.toMillis() + "ms");
		CompletableFuture<FerryProcess> startingA = CompletableFuture
			.supplyAsync(() -> FerryProcess.start("a", "web,worker", Sandbox.freePort(), settings));
		CompletableFuture<FerryProcess> startingB = CompletableFuture
			.supplyAsync(() -> FerryProcess.start("b", "web,worker", Sandbox.freePort(), settings));
		try (FerryProcess a = startingA.join(); FerryProcess b = startingB.join()) {
			world.configure(config -> config.withEnabled(true));
			await("a quarter of the accounts created").atMost(CONVERGE)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> WorkerCrashIT.accounts(world) - before >= PEOPLE / 4);
			Reconcile running = reconcile(world);
			assertThat(running.status()).as("the reconcile is running").isEqualTo("RUNNING");
			FerryProcess stopped = running.worker().equals(workerId(a)) ? a : b;
			FerryProcess survivor = stopped == a ? b : a;
			assertThat(running.worker()).as("the reconcile runs in one of the two processes")
				.isEqualTo(workerId(stopped));

			Instant sigterm = Instant.now();
			int exit = stopped.terminate(GRACE.plusSeconds(30));
			Duration stopping = Duration.between(sigterm, Instant.now());
			int createdWhenStopped = WorkerCrashIT.accounts(world) - before;
			assertThat(createdWhenStopped).as("stopped before the reconcile had created everyone").isLessThan(PEOPLE);
			await("the reconcile taken over by " + survivor).atMost(HANDOVER)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					Reconcile now = reconcile(world);
					return "DONE".equals(now.status())
							|| ("RUNNING".equals(now.status()) && now.worker().equals(workerId(survivor)));
				});
			Duration handover = Duration.between(sigterm, Instant.now());
			Reconcile taken = reconcile(world);
			System.out.printf(
					"SIGTERM mid-reconcile: the process exited (code %d) after %d ms with %d of %d accounts created; "
							+ "the other process had the job %d ms after the signal (attempt %d)%n",
					exit, stopping.toMillis(), createdWhenStopped, PEOPLE, handover.toMillis(), taken.attempts());
			assertThat(taken.attempts()).as("the interrupted attempt is not counted").isEqualTo(1);
			assertThat(Files.readString(stopped.log())).contains("handed back");

			await("everyone linked and no work left, in " + survivor).atMost(CONVERGE)
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> {
					assertThat(world.as(() -> provisioning.linkedAccounts())).isEqualTo(PEOPLE);
					WorkStats.Counts counts = world.as(() -> work.current());
					assertThat(counts.running() + counts.pending()).as("jobs running or waiting: " + counts).isZero();
				});
		}
		finally {
			world.sandbox.control("DELETE", "/sandbox/api/sharefile/" + world.org + "/faults", null);
		}
		WorkerCrashIT.everyoneHasExactlyOneAccount(world, "handover", emails, mark);
		Map<String, String> links = WorkerCrashIT.links(world);
		assertThat(links).hasSize(PEOPLE);
		assertThat(new HashSet<>(links.values())).as("no account linked twice").hasSize(PEOPLE);
		assertThat(world.as(() -> work.current()).dead()).as("dead letters").isZero();
	}

	/** The world's newest reconcile job, read as the owner. */
	record Reconcile(String status, String worker, int attempts) {
	}

	private static Reconcile reconcile(ProvisioningWorld world) throws SQLException {
		try (Connection owner = TestServices.get().ownerConnection();
				PreparedStatement query = owner
					.prepareStatement("select status, coalesce(worker_id, ''), attempts from job where tenant_id = ? "
							+ "and kind = 'tenant.reconcile' order by created_at desc limit 1")) {
			query.setObject(1, world.tenant.id());
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? new Reconcile(rows.getString(1), rows.getString(2), rows.getInt(3))
						: new Reconcile("NONE", "", 0);
			}
		}
	}

	/** The worker id a process logged when its worker started. */
	static String workerId(FerryProcess process) throws java.io.IOException {
		Matcher started = WORKER_STARTED.matcher(Files.readString(process.log()));
		if (!started.find()) {
			throw new AssertionError(process + " logged no worker start");
		}
		return started.group(1);
	}

}
