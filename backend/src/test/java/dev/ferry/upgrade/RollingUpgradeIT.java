package dev.ferry.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.ferry.audit.AuditChains;
import dev.ferry.audit.AuditQuery;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;
import dev.ferry.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rolling upgrade of docs/operations-upgrades.md, end to end, on one database: the
 * previous release (its jar built from its git tag by
 * {@code infra/upgrade/build-previous}, kept under {@code backend/target/upgrade/}) runs
 * as web, worker and scheduler while people are assigned in the sandbox's Okta; this
 * version starts beside it and its Flyway applies the newer migrations while the old one
 * keeps working; an old process started after that (a rollback, a rescheduled pod) still
 * starts; then the old processes get SIGTERM, one after the other, while the load goes
 * on.
 *
 * <p>
 * Then: the old version kept provisioning against the expanded schema and logged no
 * error; every person assigned is in ShareFile exactly once (by e-mail and by the
 * sandbox's count of accounts created); every job is DONE; each audit chain the two
 * versions wrote into is intact.
 *
 * <p>
 * No application context of this JVM takes part: the database is this test's own
 * ({@code ferry_upgrade_...}, dropped at the end), as is its Redis key prefix, so no
 * other test class's workers can take its jobs, and its first migrations are the old
 * version's.
 */
class RollingUpgradeIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * How far the load may run ahead of ShareFile: the next person is assigned once
	 * ShareFile has all but this many of those assigned so far, so the load follows
	 * Ferry's pace throughout instead of a clock's.
	 */
	static final int LOAD_AHEAD = 10;

	/** Per ShareFile call: jobs last long enough to be seen running, and to be cut. */
	static final int SHAREFILE_LATENCY_MILLIS = 50;

	static final Duration CONVERGE = Duration.ofSeconds(120);

	private static final Pattern WORKER_STARTED = Pattern.compile("Worker (\\S+) started with");

	/**
	 * What the old version must never log: the schema moved under it in a way it cannot
	 * handle (a missing column or function, a type it cannot read), or Flyway refusing.
	 */
	private static final Pattern SCHEMA_TROUBLE = Pattern
		.compile(" ERROR |PSQLException|BadSqlGrammarException|does not exist|FlywayValidateException|Validate failed"
				+ "|SchemaManagementException|InvalidDataAccessResourceUsage");

	/**
	 * Lines at level INFO are news, not trouble (Flyway's "schema history table does not
	 * exist yet" on the first start).
	 */
	private static final Pattern INFO = Pattern.compile("^\\S+\\s+INFO ");

	private final Sandbox sandbox = Sandbox.get();

	private final String org = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	private final String database = TestServices.get().databaseName().replace("ferry_test_", "ferry_upgrade_");

	@Test
	void thePreviousReleaseAndThisOneRunSideBySideThroughARollingUpgrade() throws Exception {
		Instant begin = Instant.now();
		String release = PreviousRelease.tag();
		Path oldJar = buildPrevious();
		Duration build = Duration.between(begin, Instant.now());
		createDatabase();
		sandbox.control("POST", "/sandbox/api/okta/orgs", "{\"name\":\"" + org + "\",\"shareFileApp\":true}");
		sandbox.control("POST", "/sandbox/api/sharefile", "{\"subdomain\":\"" + org + "\",\"employeeLicences\":5000}");
		sandbox.control("PUT", "/sandbox/api/sharefile/" + org + "/faults",
				"{\"latencyMillis\":" + SHAREFILE_LATENCY_MILLIS + "}");
		long mark = JSON.readTree(sandbox.control("GET", "/sandbox/api/requests/mark", null)).path("sequence").asLong();
		Load load = new Load();
		RunningJobs seen = new RunningJobs();
		List<FerryProcess> processes = new ArrayList<>();
		try {
			FerryProcess old = FerryProcess.startJar("old-" + release, oldJar, "web,worker,scheduler", settings());
			processes.add(old);
			String oldWorker = workerId(old);
			assertThat(PreviousRelease.VERSION_ORDER.compare(appliedVersion(), newestVersion()))
				.as("the old version migrated the new database to its own schema, below this tree's newest")
				.isNegative();
			load.start();
			seen.start();
			await("the old version provisions people").atMost(CONVERGE)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> shareFileEmails().size() >= 10);

			Instant migrating = Instant.now();
			FerryProcess current = FerryProcess.start("new", "web,worker,scheduler", Sandbox.freePort(), settings());
			processes.add(current);
			Instant migrated = Instant.now();
			assertThat(appliedVersion()).as("this version's migrations applied while the old one ran")
				.isEqualTo(newestVersion());
			// an old process starting now (a rollback, a pod rescheduled mid-rollout)
			// meets
			// migrations it does not know
			CompletableFuture<FerryProcess> restartedOld = CompletableFuture
				.supplyAsync(() -> FerryProcess.startJar("old-restarted", oldJar, "worker", settings()));
			await("the old version runs jobs against the expanded schema").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> seen.after(oldWorker, migrated));
			FerryProcess oldRestarted = restartedOld.join();
			processes.add(oldRestarted);

			// the rollout: the old processes are stopped one after the other
			Instant rolling = Instant.now();
			int oldExit = old.terminate(Duration.ofSeconds(60));
			int restartedExit = oldRestarted.terminate(Duration.ofSeconds(60));
			Duration rollout = Duration.between(rolling, Instant.now());
			// the load goes on after the rollout: 20 more people assigned to the new
			// version
			// alone
			int assignedAtRollout = load.emails().size();
			await("20 more people assigned after the rollout").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> load.emails().size() >= assignedAtRollout + 20);
			load.stop();

			await("everyone assigned is in ShareFile and no work is left").atMost(CONVERGE)
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> {
					assertThat(shareFileEmails()).containsAll(load.emails());
					assertThat(jobsByStatus()).as("jobs by status").containsOnlyKeys("DONE");
				});
			Duration converged = Duration.between(rolling, Instant.now());

			theOldVersionLoggedNoSchemaTrouble(old);
			theOldVersionLoggedNoSchemaTrouble(oldRestarted);
			assertThat(Files.readString(oldRestarted.log()))
				.as("the restarted old version met migrations it does not know, and went on")
				.contains("newer than the latest available migration");
			assertThat(oldExit).as("the old version's exit on SIGTERM").isIn(0, 143);
			assertThat(restartedExit).as("the restarted old version's exit on SIGTERM").isIn(0, 143);
			assertThat(load.failures()).as("the sandbox refused the load").isEmpty();
			nothingLostNothingDuplicated(load.emails(), mark);
			everyAuditChainIsIntact();
			System.out.printf(
					"Rolling upgrade %s -> this tree: old jar ready in %d ms; the new version migrated and started in "
							+ "%d ms while the old one ran; rollout (two SIGTERMs) %d ms; %d people assigned, all in "
							+ "ShareFile once, %d ms after the rollout began; old worker ran jobs after the migration: "
							+ "yes; jobs: %s%n",
					release, build.toMillis(), Duration.between(migrating, migrated).toMillis(), rollout.toMillis(),
					load.emails().size(), converged.toMillis(), jobsByStatus());
			processes.remove(current);
			current.terminate(Duration.ofSeconds(60));
		}
		finally {
			load.stop();
			seen.stop();
			processes.forEach(FerryProcess::close);
			sandbox.control("DELETE", "/sandbox/api/sharefile/" + org + "/faults", null);
			dropDatabase();
			deleteRedisKeys();
		}
	}

	/** Builds (or finds, cached) the previous release's jar. */
	private static Path buildPrevious() throws IOException, InterruptedException {
		Path script = PreviousRelease.root().resolve("infra/upgrade/build-previous");
		Process build = new ProcessBuilder(script.toString()).redirectErrorStream(false).start();
		CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> {
			try {
				return new String(build.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return ex.toString();
			}
		});
		String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0) {
			throw new IllegalStateException("infra/upgrade/build-previous failed: " + errors.join());
		}
		Path jar = Path.of(out.lines().reduce((first, second) -> second).orElseThrow());
		assertThat(jar).exists();
		return jar;
	}

	/**
	 * Both versions' settings: this test's database and Redis prefix, and one
	 * organisation connected to the sandbox with provisioning on, from configuration (the
	 * old version has no test code to set it up).
	 */
	private Map<String, Object> settings() {
		TestServices services = TestServices.get();
		Map<String, Object> settings = new TreeMap<>();
		settings.put("spring.datasource.url", services.jdbcUrl().replace(services.databaseName(), database));
		settings.put("ferry.redis.key-prefix", redisPrefix());
		// the production default, not the test profile's 3 s: on a machine busy enough to
		// delay a heartbeat that long a live worker would be presumed dead and its jobs
		// run
		// twice, which is WorkerCrashIT's subject, not this test's. A stopped worker's
		// jobs do
		// not wait for it (its worker row goes with it).
		settings.put("ferry.work.worker-timeout", "30s");
		String tenant = "ferry.bootstrap.tenants[0].";
		settings.put(tenant + "slug", org);
		settings.put(tenant + "display-name", "Upgrade " + org);
		settings.put(tenant + "kind", "CUSTOMER");
		settings.put(tenant + "okta-issuer", sandbox.oktaIssuer(org));
		settings.put(tenant + "oidc-client-id", "ferry-portal");
		settings.put(tenant + "oidc-client-secret", "ferry-portal-secret-" + org);
		settings.put(tenant + "email-domains[0]", org + ".example");
		String connection = "ferry.bootstrap.connections[0].";
		settings.put(connection + "tenant", org);
		settings.put(connection + "target.kind", "sharefile");
		settings.put(connection + "target.settings[baseUrl]", sandbox.shareFileBaseUrl(org));
		settings.put(connection + "target.settings[clientId]", "sandbox-client");
		settings.put(connection + "target.settings[clientSecret]", "sandbox-secret");
		settings.put(connection + "target.settings[adminUsername]", "sf.admin@" + org + ".example");
		settings.put(connection + "target.settings[adminPassword]", "Ferry-demo-1");
		settings.put(connection + "source.kind", "okta");
		settings.put(connection + "source.settings[orgUrl]", sandbox.oktaIssuer(org));
		settings.put(connection + "source.settings[mode]", "SSWS");
		settings.put(connection + "source.settings[apiToken]", "sandbox-token-" + org);
		settings.put(connection + "source.pick[appId]", "ShareFile");
		settings.put(connection + "source.register-hook", "false");
		settings.put("ferry.bootstrap.provisioning[0].tenant", org);
		settings.put("ferry.bootstrap.provisioning[0].enabled", "true");
		return settings;
	}

	/**
	 * This test's Redis key prefix: the run's, made distinct (a prefix may have one ':',
	 * at its end).
	 */
	private static String redisPrefix() {
		String run = TestServices.get().redisKeyPrefix();
		return run.substring(0, run.length() - 1) + "-upgrade:";
	}

	private static void deleteRedisKeys() {
		RedisClient client = RedisClient.create(TestServices.get().redisUrl());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = connection.sync()
					.scan(cursor, ScanArgs.Builder.matches(redisPrefix() + "*").limit(1000));
				if (!page.getKeys().isEmpty()) {
					connection.sync().del(page.getKeys().toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		catch (RuntimeException ex) {
			System.err.println("Could not clear Redis keys " + redisPrefix() + "*: " + ex.getMessage());
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * People assigned to ShareFile in the sandbox's Okta, one at a time, until stopped.
	 */
	private final class Load {

		private final List<String> emails = new CopyOnWriteArrayList<>();

		private final List<String> failures = new CopyOnWriteArrayList<>();

		private final AtomicBoolean running = new AtomicBoolean();

		private Thread thread;

		void start() {
			running.set(true);
			thread = Thread.ofPlatform().name("upgrade-load").daemon().start(() -> {
				int inShareFile = 0;
				for (int n = 1; running.get(); n++) {
					try {
						assign(n);
						if (emails.size() - inShareFile > LOAD_AHEAD) {
							inShareFile = awaitShareFileCatchingUp();
						}
					}
					catch (RuntimeException ex) {
						failures.add(ex.toString());
					}
				}
			});
		}

		private void assign(int n) {
			String login = String.format(Locale.ROOT, "load.%05d@%s.example", n, org);
			JsonNode user = JSON.readTree(sandbox.control("POST", "/sandbox/api/okta/" + org + "/users",
					"{\"profile\":{\"login\":\"" + login + "\",\"email\":\"" + login
							+ "\",\"firstName\":\"Load\",\"lastName\":\"P" + n
							+ "\"},\"credentials\":{\"password\":{\"value\":\"Ferry-demo-1\"}}}"));
			sandbox.control("PUT", "/sandbox/api/okta/" + org + "/apps/ShareFile/users/" + user.path("id").asString(),
					null);
			emails.add(login);
		}

		void stop() throws InterruptedException {
			running.set(false);
			if (thread != null) {
				thread.join(10_000);
			}
		}

		/**
		 * Waits until ShareFile has all but {@link #LOAD_AHEAD} of the people assigned so
		 * far (or the load is stopped); returns how many it has.
		 */
		private int awaitShareFileCatchingUp() {
			int[] found = { 0 };
			await("ShareFile within " + LOAD_AHEAD + " people of the load").atMost(Duration.ofSeconds(90))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					Set<String> there = new HashSet<>(shareFileEmails());
					found[0] = (int) emails.stream().filter(there::contains).count();
					return !running.get() || emails.size() - found[0] <= LOAD_AHEAD;
				});
			return found[0];
		}

		List<String> emails() {
			return List.copyOf(emails);
		}

		List<String> failures() {
			return List.copyOf(failures);
		}

	}

	/**
	 * Which worker ran jobs when: samples the RUNNING jobs' workers every 50 ms (the
	 * proof that the old version still took work after the new one had migrated).
	 */
	private final class RunningJobs {

		private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

		private final AtomicBoolean running = new AtomicBoolean();

		private Thread thread;

		void start() {
			running.set(true);
			thread = Thread.ofPlatform().name("upgrade-sampler").daemon().start(() -> {
				try (Connection owner = owner();
						PreparedStatement query = owner.prepareStatement(
								"select distinct worker_id from job where status = 'RUNNING' and worker_id is not null")) {
					while (running.get()) {
						try (ResultSet rows = query.executeQuery()) {
							while (rows.next()) {
								lastSeen.put(rows.getString(1), Instant.now());
							}
						}
						sleep(50);
					}
				}
				catch (SQLException ex) {
					if (running.get()) {
						throw new IllegalStateException(ex);
					}
				}
			});
		}

		boolean after(String worker, Instant moment) {
			Instant seen = lastSeen.get(worker);
			return seen != null && seen.isAfter(moment);
		}

		void stop() throws InterruptedException {
			running.set(false);
			if (thread != null) {
				thread.join(5_000);
			}
		}

	}

	private static void theOldVersionLoggedNoSchemaTrouble(FerryProcess old) throws IOException {
		List<String> trouble = Files.readAllLines(old.log())
			.stream()
			.filter(line -> SCHEMA_TROUBLE.matcher(line).find() && !INFO.matcher(line).find())
			.toList();
		assertThat(trouble).as("errors in the log of " + old).isEmpty();
	}

	/** None missing, none twice: by e-mail, and by the sandbox's count of creations. */
	private void nothingLostNothingDuplicated(List<String> assigned, long mark) {
		Map<String, Long> accounts = shareFileEmails().stream()
			.filter(email -> email.startsWith("load."))
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(accounts.keySet()).containsExactlyInAnyOrderElementsOf(assigned);
		assertThat(accounts).allSatisfy((email, count) -> assertThat(count).as(email).isEqualTo(1));
		long creates = 0;
		for (JsonNode request : JSON
			.readTree(sandbox.control("GET", "/sandbox/api/sharefile/" + org + "/requests?after=" + mark, null))) {
			if ("POST".equals(request.path("method").asString())
					&& request.path("path").asString().endsWith("/Users/AccountUser")
					&& request.path("status").asInt() / 100 == 2) {
				creates++;
			}
		}
		assertThat(creates).as("accounts created, across both versions").isEqualTo(assigned.size());
	}

	private void everyAuditChainIsIntact() throws SQLException {
		try (Connection owner = owner()) {
			SingleConnectionDataSource dataSource = new SingleConnectionDataSource(owner, true);
			List<UUID> chains = new ArrayList<>();
			try (Statement statement = owner.createStatement();
					ResultSet rows = statement.executeQuery("select distinct tenant_id from audit_event")) {
				while (rows.next()) {
					chains.add(rows.getObject(1, UUID.class));
				}
			}
			assertThat(chains).as("audit chains written").isNotEmpty();
			for (UUID chain : chains) {
				AuditQuery.ChainCheck check = AuditChains.verifyAll(dataSource, chain);
				assertThat(check.intact()).as("audit chain of " + chain + ": " + check).isTrue();
				assertThat(check.checked()).as("events checked in the chain of " + chain).isPositive();
			}
		}
	}

	/** E-mail addresses of the organisation's ShareFile users, lower-cased. */
	private List<String> shareFileEmails() {
		List<String> emails = new ArrayList<>();
		for (int offset = 0;; offset += 500) {
			JsonNode page = JSON.readTree(sandbox.control("GET",
					"/sandbox/api/sharefile/" + org + "/users?offset=" + offset + "&limit=500", null));
			page.forEach(user -> {
				JsonNode email = user.has("email") ? user.path("email") : user.path("Email");
				emails.add(email.asString("").toLowerCase(Locale.ROOT));
			});
			if (page.size() < 500) {
				return emails;
			}
		}
	}

	private Map<String, Integer> jobsByStatus() throws SQLException {
		Map<String, Integer> counts = new HashMap<>();
		try (Connection owner = owner();
				Statement statement = owner.createStatement();
				ResultSet rows = statement.executeQuery("select status, count(*) from job group by status")) {
			while (rows.next()) {
				counts.put(rows.getString(1), rows.getInt(2));
			}
		}
		return counts;
	}

	/** The highest migration version applied to this test's database. */
	private List<Integer> appliedVersion() throws SQLException {
		try (Connection owner = owner();
				Statement statement = owner.createStatement();
				ResultSet rows = statement.executeQuery("select version from flyway_schema_history "
						+ "where success and version is not null order by installed_rank desc limit 1")) {
			rows.next();
			return PreviousRelease.version(rows.getString(1));
		}
	}

	/** The newest migration of this tree. */
	private static List<Integer> newestVersion() throws IOException {
		try (var files = Files.list(PreviousRelease.root().resolve(PreviousRelease.MIGRATIONS))) {
			return files.map(file -> file.getFileName().toString())
				.filter(name -> name.startsWith("V") && name.endsWith(".sql"))
				.map(PreviousRelease::version)
				.max(PreviousRelease.VERSION_ORDER)
				.orElseThrow();
		}
	}

	private static String workerId(FerryProcess process) throws IOException {
		Matcher started = WORKER_STARTED.matcher(Files.readString(process.log()));
		if (!started.find()) {
			throw new AssertionError(process + " logged no worker start");
		}
		return started.group(1);
	}

	private Connection owner() throws SQLException {
		TestServices services = TestServices.get();
		return java.sql.DriverManager.getConnection(services.jdbcUrl().replace(services.databaseName(), database),
				services.username(), services.password());
	}

	private void createDatabase() throws SQLException {
		try (Connection admin = TestServices.get().adminConnection(); Statement statement = admin.createStatement()) {
			statement.execute("create database " + database);
		}
	}

	private void dropDatabase() {
		try (Connection admin = TestServices.get().adminConnection(); Statement statement = admin.createStatement()) {
			statement.execute("drop database if exists " + database + " with (force)");
		}
		catch (SQLException ex) {
			System.err.println("Could not drop " + database + ": " + ex.getMessage());
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
