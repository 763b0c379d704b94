package dev.ferry.provisioning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
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
import dev.ferry.test.TestServices;
import dev.ferry.work.WorkStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Ferry process killed with SIGKILL in the middle of a full reconcile, and a new one
 * started in its place: every assigned person still ends up with exactly one ShareFile
 * account, linked exactly once, and the run the dead process was applying does not stay
 * "applying" for ever.
 *
 * <p>
 * The reconcile runs in a separate JVM ({@link FerryProcess}), because only a real
 * process can be killed without running another instruction: no {@code finally}, no
 * shutdown hook, no graceful stop of the worker, database connections cut by the kernel.
 * This class's own application context only sets the world up and reads it back: it has
 * the {@code web} role alone, so no worker of this JVM can take the reconcile, and it
 * runs before every other integration test class ({@code @Order(1)}, with the class
 * orderer in {@code junit-platform.properties}), when no other class's cached context —
 * whose workers would take jobs just as eagerly — exists yet.
 */
@FerryIntegrationTest
@TestPropertySource(properties = "ferry.roles=web")
@DirtiesContext
@Order(1)
class WorkerCrashIT {

	static final int PEOPLE = 300;

	/**
	 * Per ShareFile call: 8 appliers then create about 40 accounts a second, several
	 * seconds to kill in.
	 */
	static final int SHAREFILE_LATENCY_MILLIS = 200;

	/** A JVM starting on a busy 2-core machine, then the work to do. */
	static final Duration CONVERGE = Duration.ofSeconds(120);

	/**
	 * The processes work and serve their health endpoint; without the scheduler role the
	 * only job is the reconcile this test starts (a System Log poll would queue another
	 * at an unpredictable moment, maybe just as the test ends and kills the process
	 * running it).
	 */
	static final String ROLES = "web,worker";

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
	void aWorkerKilledMidReconcileLosesNoAccountAndDuplicatesNone() throws Exception {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		List<String> emails = world.assignedPeople(PEOPLE, "crash");
		long mark = world.mark();

		Kill kill = startAReconcileAndKillItsProcessMidway(world);
		assertThat(kill.created()).as("killed before the reconcile had created everyone").isLessThan(PEOPLE);
		// what the test is about: accounts exist in ShareFile that the dead process had
		// not linked yet
		System.out.printf("Killed the first Ferry with %d of %d accounts created and %d linked%n", kill.created(),
				PEOPLE, kill.linked());

		// a restart: a new process on the same data, as a supervisor (systemd,
		// Kubernetes) would start it
		try (FerryProcess second = FerryProcess.start("second", ROLES)) {
			await("everyone linked and no work left, in " + second).atMost(CONVERGE)
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> {
					assertThat(world.as(() -> provisioning.linkedAccounts())).isEqualTo(PEOPLE);
					WorkStats.Counts counts = world.as(() -> work.current());
					assertThat(counts.running() + counts.pending()).as("jobs running or waiting: " + counts).isZero();
				});
		}

		everyoneHasExactlyOneAccount(world, "crash", emails, mark);
		everyAccountIsLinkedOnceToItsPerson(world);
		theKilledRunHasEndedAndALaterOneFinishedTheWork(world, kill.run());
	}

	/** What the test saw when it killed the first process. */
	record Kill(RunId run, int created, long linked) {
	}

	private Kill startAReconcileAndKillItsProcessMidway(ProvisioningWorld world) throws SQLException {
		world.sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults",
				"{\"latencyMillis\":" + SHAREFILE_LATENCY_MILLIS + "}");
		int before = accounts(world);
		Set<String> otherWorkers = workers();
		RunId run;
		try (FerryProcess first = FerryProcess.start("first", ROLES)) {
			world.configure(config -> config.withEnabled(true));
			await("a quarter of the accounts created by " + first).atMost(CONVERGE)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> accounts(world) - before >= PEOPLE / 4);
			String worker = reconcilingWorker(world);
			assertThat(worker).as("the reconcile is running").isNotNull();
			assertThat(otherWorkers).as("...in the process about to be killed, not in another one")
				.doesNotContain(worker);
			run = world.as(() -> provisioning.latestRuns(10))
				.stream()
				.filter(summary -> summary.status() == RunStatus.APPLYING)
				.findFirst()
				.orElseThrow(
						() -> new AssertionError("no run is applying: " + world.as(() -> provisioning.latestRuns(10))))
				.id();
			first.kill();
		}
		Kill kill = new Kill(run, accounts(world) - before, world.as(() -> provisioning.linkedAccounts()));
		world.sandbox.control("DELETE", "/sandbox/api/sharefile/" + world.org + "/faults", null);
		return kill;
	}

	/**
	 * None missing, none twice: by e-mail, and by the sandbox's count of accounts it
	 * created.
	 */
	static void everyoneHasExactlyOneAccount(ProvisioningWorld world, String prefix, List<String> emails, long mark) {
		Map<String, Long> accountsByEmail = world.allShareFileUsers()
			.stream()
			.map(user -> ProvisioningWorld.text(user, "email").toLowerCase(Locale.ROOT))
			.filter(email -> email.startsWith(prefix + "."))
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(accountsByEmail.keySet()).containsExactlyInAnyOrderElementsOf(emails);
		assertThat(accountsByEmail).allSatisfy((email, count) -> assertThat(count).as(email).isEqualTo(1));
		long creates = world.shareFileRequestsAfter(mark)
			.stream()
			.filter(request -> "POST".equals(request.path("method").asString())
					&& request.path("path").asString().endsWith("/Users/AccountUser")
					&& request.path("status").asInt() / 100 == 2)
			.count();
		assertThat(creates).as("accounts created, across both processes").isEqualTo(PEOPLE);
	}

	private void everyAccountIsLinkedOnceToItsPerson(ProvisioningWorld world) throws SQLException {
		Map<String, String> idByEmail = new HashMap<>();
		for (JsonNode user : world.allShareFileUsers()) {
			idByEmail.put(ProvisioningWorld.text(user, "email").toLowerCase(Locale.ROOT),
					ProvisioningWorld.text(user, "id"));
		}
		Map<String, String> links = links(world);
		assertThat(links).hasSize(PEOPLE);
		assertThat(new HashSet<>(links.values())).as("no account linked twice").hasSize(PEOPLE);
		assertThat(links).allSatisfy((email, account) -> assertThat(account).as(email).isEqualTo(idByEmail.get(email)));
		// Ferry's own record agrees: across the killed run and the ones after it, each
		// person's account was
		// created or linked exactly once (the killed run recorded only what it had
		// committed with the links)
		List<String> createdOrLinked = new ArrayList<>();
		for (RunSummary run : world.as(() -> provisioning.latestRuns(50))) {
			world.as(() -> provisioning.operations(run.id(), OperationStatus.APPLIED, 10 * PEOPLE))
				.stream()
				.filter(operation -> "CREATE_ACCOUNT".equals(operation.op()) || "LINK_ACCOUNT".equals(operation.op()))
				.forEach(operation -> createdOrLinked.add(operation.identityId()));
		}
		assertThat(createdOrLinked).as("people created or linked, in every run")
			.hasSize(PEOPLE)
			.doesNotHaveDuplicates();
	}

	private void theKilledRunHasEndedAndALaterOneFinishedTheWork(ProvisioningWorld world, RunId killedRun) {
		RunSummary killed = world.as(() -> provisioning.run(killedRun)).orElseThrow();
		assertThat(killed.finished()).as("the killed run is not left applying: " + killed).isTrue();
		assertThat(killed.status()).isEqualTo(RunStatus.FAILED);
		assertThat(killed.message()).contains("stopped");
		List<RunSummary> runs = world.as(() -> provisioning.latestRuns(50));
		assertThat(runs).allMatch(RunSummary::finished, "every run finished");
		assertThat(runs).anyMatch(run -> run.kind() == RunKind.RECONCILE && run.status() == RunStatus.DONE
				&& run.startedAt().isAfter(killed.startedAt()));
		assertThat(world.as(() -> work.current()).dead()).as("dead letters").isZero();
	}

	/**
	 * Employees and clients of the world's ShareFile account, as the sandbox counts them.
	 */
	static int accounts(ProvisioningWorld world) {
		JsonNode summary = ProvisioningWorld.JSON
			.readTree(world.sandbox.control("GET", "/sandbox/api/sharefile/" + world.org, null));
		return summary.path("employees").asInt() + summary.path("clients").asInt();
	}

	/** Workers that have ever recorded a heartbeat in this run's database. */
	private static Set<String> workers() throws SQLException {
		Set<String> ids = new HashSet<>();
		try (Connection owner = TestServices.get().ownerConnection();
				ResultSet rows = owner.createStatement().executeQuery("select id from work_worker")) {
			while (rows.next()) {
				ids.add(rows.getString(1));
			}
		}
		return ids;
	}

	/**
	 * The worker running the world's reconcile job, or null; read as the owner, since the
	 * job table is the work module's own and the test only needs this one fact from it.
	 */
	private static String reconcilingWorker(ProvisioningWorld world) throws SQLException {
		try (Connection owner = TestServices.get().ownerConnection();
				PreparedStatement query = owner.prepareStatement("select worker_id from job where tenant_id = ? "
						+ "and kind = 'tenant.reconcile' and status = 'RUNNING'")) {
			query.setObject(1, world.tenant.id());
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
	}

	/** The world's links: account e-mail → account id. */
	static Map<String, String> links(ProvisioningWorld world) throws SQLException {
		Map<String, String> links = new HashMap<>();
		List<String> emails = new ArrayList<>();
		try (Connection owner = TestServices.get().ownerConnection();
				PreparedStatement query = owner
					.prepareStatement("select account_email, account_id from link where tenant_id = ?")) {
			query.setObject(1, world.tenant.id());
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					String email = rows.getString(1).toLowerCase(Locale.ROOT);
					emails.add(email);
					links.put(email, rows.getString(2));
				}
			}
		}
		assertThat(emails).as("one link per e-mail").doesNotHaveDuplicates();
		return links;
	}

}
