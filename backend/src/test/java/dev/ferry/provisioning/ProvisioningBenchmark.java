package dev.ferry.provisioning;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.FerryApplication;
import dev.ferry.connection.Connections;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.TestServicesInitializer;

/**
 * The provisioning benchmarks behind docs/benchmarks.md, on this machine's real
 * PostgreSQL and Redis and the sandbox at zero added latency. Not a test: run it with
 * {@code infra/bench/run [scenario...]} (scenarios: latency, load, throttled, reconcile,
 * fairness; default all). Each scenario builds its own worlds in the sandbox, so runs
 * never disturb each other. Results are printed and appended as a table.
 */
public final class ProvisioningBenchmark {

	private final Tenants tenants;

	private final Members members;

	private final Connections connections;

	private final Provisioning provisioning;

	private final JdbcTemplate jdbc;

	private final List<String> report = new ArrayList<>();

	private final ConfigurableApplicationContext ferry;

	private ProvisioningBenchmark(ConfigurableApplicationContext ferry) {
		this.ferry = ferry;
		this.tenants = ferry.getBean(Tenants.class);
		this.members = ferry.getBean(Members.class);
		this.connections = ferry.getBean(Connections.class);
		this.provisioning = ferry.getBean(Provisioning.class);
		this.jdbc = ferry.getBean(JdbcTemplate.class);
	}

	public static void main(String[] args) throws Exception {
		List<String> scenarios = args.length == 0
				? List.of("latency", "load", "throttled", "fairness", "reconcile", "scim") : List.of(args);
		// the scale scenarios run workers as processes of their own, so this one is the
		// web
		// and scheduler process only; mixed with the others, whose work this one runs,
		// they
		// would measure neither
		boolean scale = scenarios.stream().anyMatch(SCALE::contains);
		if (scale && !SCALE.containsAll(scenarios)) {
			throw new IllegalArgumentException("Run " + SCALE + " on their own");
		}
		ConfigurableApplicationContext ferry = new SpringApplicationBuilder(FerryApplication.class).profiles("test")
			.initializers(new TestServicesInitializer())
			// command-line arguments outrank application-test.yml (its fast poller is for
			// tests): the benchmark
			// measures the hook path, as production runs with a verified hook
			.run("--logging.level.root=WARN", "--ferry.provisioning.poll-interval=5m",
					"--ferry.roles=" + (scale ? "web,scheduler" : "web,worker,scheduler"),
					// production's tick, not the test profile's 1 s: with 500
					// organisations the
					// tick visits each of them
					"--ferry.provisioning.scheduler-tick=" + (scale ? "5s" : "1s"), "--FERRY_DB_APPLICATION_NAME=ferry "
							+ (scale ? "web,scheduler" : "web,worker,scheduler") + " (benchmark)");
		ProvisioningBenchmark bench = new ProvisioningBenchmark(ferry);
		int status = 0;
		try {
			for (String scenario : scenarios) {
				switch (scenario) {
					case "latency" -> bench.latency(Integer.getInteger("bench.latency.changes", 50));
					case "load" -> bench.load(Integer.getInteger("bench.load.people", 10_000), 0);
					case "throttled" -> bench.load(Integer.getInteger("bench.throttled.people", 700), 420);
					case "reconcile" -> bench.noChangeReconcile(Integer.getInteger("bench.reconcile.people", 100_000));
					case "fairness" -> bench.fairness(Integer.getInteger("bench.fairness.people", 5_000), 20);
					case "scim" -> bench.scim(Integer.getInteger("bench.scim.people", 200),
							Integer.getInteger("bench.scim.warmup", 100));
					case "scim-throttled" ->
						bench.scimThrottled(Integer.getInteger("bench.scim.throttled.people", 10_000),
								Integer.getInteger("bench.scim.throttled.perMinute", 3_000),
								Integer.getInteger("bench.scim.throttled.clients", 4));
					case "portal" -> new PortalBenchmark(ferry, bench::row,
							licences -> new ProvisioningWorld(bench.tenants, bench.members, bench.connections,
									bench.provisioning, licences))
						.run(Integer.getInteger("bench.portal.people", 100_000),
								Integer.getInteger("bench.portal.audit", 1_000_000),
								Integer.getInteger("bench.portal.customers", 200),
								Integer.getInteger("bench.portal.requests", 30));
					case "scaleout" -> bench.scale()
						.scaleOut(ScaleBenchmark.counts(System.getProperty("bench.scaleout.workers", "1,2,4")),
								Integer.getInteger("bench.scaleout.tenants", 16),
								Integer.getInteger("bench.scaleout.people", 250),
								Integer.getInteger("bench.scaleout.latency", 100),
								Integer.getInteger("bench.scaleout.throttle", 0));
					case "scaleout-one" -> bench.scale()
						.scaleOut(ScaleBenchmark.counts(System.getProperty("bench.scaleout.workers", "1,2,4")), 1,
								Integer.getInteger("bench.scaleout.people", 2_000),
								Integer.getInteger("bench.scaleout.latency", 100),
								Integer.getInteger("bench.scaleout.throttle", 0));
					case "tenants500" -> bench.scale()
						.manyTenants(Integer.getInteger("bench.tenants500.tenants", 500),
								Integer.getInteger("bench.tenants500.people", 200),
								Integer.getInteger("bench.tenants500.workers", 2),
								Integer.getInteger("bench.tenants500.bigLoads", 3),
								Integer.getInteger("bench.tenants500.bigPeople", 8_000),
								Integer.getInteger("bench.tenants500.latency", 100),
								Double.parseDouble(System.getProperty("bench.tenants500.rate", "5")));
					default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
				}
			}
		}
		catch (Exception | AssertionError ex) {
			// System.exit below would otherwise swallow why a scenario stopped
			ex.printStackTrace();
			status = 1;
		}
		finally {
			ferry.close();
			System.exit(status);
		}
	}

	/** The scenarios with worker processes of their own ({@link ScaleBenchmark}). */
	private static final List<String> SCALE = List.of("scaleout", "scaleout-one", "tenants500");

	private ScaleBenchmark scale() {
		return new ScaleBenchmark(provisioning, jdbc, this::row, this::world);
	}

	/** Where a scenario in another class puts its results: {@link #row}. */
	interface Report {

		void row(String what, String measured, String target);

	}

	private ProvisioningWorld world() {
		return new ProvisioningWorld(tenants, members, connections, provisioning, 250_000);
	}

	/**
	 * Single changes: Okta profile change → the PATCH done in ShareFile, through the
	 * event hook.
	 */
	private void latency(int changes) {
		ProvisioningWorld world = world();
		world.configure(config -> config.withEnabled(true));
		world.registerHook();
		List<String> people = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String id = world.person("Lat" + i, "Person");
			world.assign(id);
			people.add(id);
		}
		waitFor(Duration.ofMinutes(2), () -> world.as(() -> provisioning.linkedAccounts()) == people.size());
		List<Long> millis = new ArrayList<>();
		List<Long> fromHook = new ArrayList<>();
		for (int n = 0; n < changes; n++) {
			final int i = n;
			String person = people.get(i % people.size());
			String email = "lat" + (i % people.size()) + ".person@" + world.org + ".example";
			long mark = world.mark();
			Instant start = Instant.now();
			world.profile(person, "{\"lastName\":\"Person" + i + "\"}");
			waitFor(Duration.ofSeconds(30),
					() -> world.shareFileRequestsAfter(mark)
						.stream()
						.anyMatch(r -> !"GET".equals(r.path("method").asString())
								&& r.path("body").asString().contains("Person" + i)));
			JsonNode write = world.shareFileRequestsAfter(mark)
				.stream()
				.filter(r -> r.path("body").asString().contains("Person" + i))
				.findFirst()
				.orElseThrow();
			Instant done = Instant.parse(write.path("at").asString());
			millis.add(Duration.between(start, done).toMillis());
			// when Ferry received the delivery that carried this change (its hook_event
			// row)
			java.sql.Timestamp received = world
				.as(() -> jdbc.queryForObject("select max(received_at) from hook_event where received_at <= ?",
						java.sql.Timestamp.class, java.sql.Timestamp.from(done)));
			if (received != null) {
				fromHook.add(Duration.between(received.toInstant(), done).toMillis());
			}
			if (!email.isEmpty()) {
				sleep(100);
			}
		}
		Collections.sort(millis);
		Collections.sort(fromHook);
		row("hook received → ShareFile call done (" + changes + " single profile changes)",
				"p50 " + pct(fromHook, 50) + " ms, p95 " + pct(fromHook, 95) + " ms, p99 " + pct(fromHook, 99) + " ms",
				"p95 < 1000 ms");
		row("Okta change → ShareFile call done, including the sandbox's hook batching and delivery",
				"p50 " + pct(millis, 50) + " ms, p95 " + pct(millis, 95) + " ms, p99 " + pct(millis, 99) + " ms", "—");
		// where the time goes: the person-sync jobs' wait in the queue and their run,
		// from the job table
		List<long[]> jobs = world.as(() -> jdbc.query(
				"select extract(epoch from (started_at - created_at)) * 1000, "
						+ "extract(epoch from (finished_at - started_at)) * 1000, attempts from job "
						+ "where kind = 'identity.sync' and status = 'DONE'",
				(rows, n) -> new long[] { rows.getLong(1), rows.getLong(2), rows.getLong(3) }));
		List<Long> waits = new ArrayList<>(jobs.stream().map(job -> job[0]).sorted().toList());
		List<Long> runs = new ArrayList<>(jobs.stream().map(job -> job[1]).sorted().toList());
		long retried = jobs.stream().filter(job -> job[2] > 1).count();
		row("person-sync jobs (" + jobs.size() + "): queued → started; started → done",
				"wait p50 " + pct(waits, 50) + " / p95 " + pct(waits, 95) + " / max " + pct(waits, 100)
						+ " ms; run p50 " + pct(runs, 50) + " / p95 " + pct(runs, 95) + " / max " + pct(runs, 100)
						+ " ms; " + retried + " needed more than one attempt",
				"—");
	}

	/**
	 * An initial load: everyone in an org assigned through a group, then provisioning
	 * switched on.
	 */
	private void load(int people, int throttlePerMinute) {
		ProvisioningWorld world = world();
		world.sandbox.control("POST", "/sandbox/api/okta/" + world.org + "/users/bulk",
				"{\"count\":" + people + ",\"prefix\":\"load\"}");
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/apps/ShareFile/groups/Everyone", null);
		if (throttlePerMinute > 0) {
			world.sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults",
					"{\"throttlePerMinute\":" + throttlePerMinute + "}");
		}
		long mark = world.mark();
		Instant start = Instant.now();
		world.configure(config -> config.withEnabled(true));
		waitFor(Duration.ofMinutes(throttlePerMinute > 0 ? 10 : 20),
				() -> world.as(() -> provisioning.linkedAccounts()) >= people);
		double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		List<JsonNode> requests = world.shareFileRequestsAfter(mark);
		long throttled = requests.stream().filter(r -> r.path("status").asInt() == 429).count();
		if (throttlePerMinute == 0) {
			row("initial load of " + people + " people into an empty account (no throttle)",
					String.format(Locale.ROOT, "%.1f s, %.0f accounts/s", seconds, people / seconds),
					"≥ 300 accounts/s");
		}
		else {
			long served = requests.stream().filter(r -> r.path("status").asInt() != 429).count();
			double allowed = throttlePerMinute / 60.0;
			double achieved = served / seconds;
			row("initial load of " + people + " people with ShareFile throttled at " + throttlePerMinute
					+ " requests/min",
					String.format(Locale.ROOT,
							"%.1f s, %d requests served (%.2f/s = %.0f%% of the %.2f/s allowed), %d answered 429",
							seconds, served, achieved, 100 * achieved / allowed, allowed, throttled),
					"≥ 95% of the allowed rate");
		}
	}

	/**
	 * 100,000 linked people and nothing to change: how long a full reconcile takes, and
	 * its heap.
	 */
	private void noChangeReconcile(int people) {
		ProvisioningWorld world = world();
		world.sandbox.control("POST", "/sandbox/api/okta/" + world.org + "/users/bulk",
				"{\"count\":" + people + ",\"prefix\":\"rec\"}");
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/apps/ShareFile/groups/Everyone", null);
		// Okta's published limit for /apps/{id}/users (100 calls a minute, 500 people
		// each) alone caps a full
		// listing at 50,000 people a minute; raise it, as Okta does for an org on
		// request, to measure Ferry
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/rate-limits", "{\"apps\":2000}");
		// the ShareFile account already holds everyone (as when a company adopts Ferry
		// for an account it has long
		// used): the first reconcile links them all without a write, and is timed as
		// "linking" below
		world.sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users/generate",
				"{\"fromOkta\":\"" + world.org + "\"}");
		world.configure(config -> config.withEnabled(false));
		Instant firstStart = Instant.now();
		world.configure(config -> config.withEnabled(true));
		waitFor(Duration.ofMinutes(30), () -> world.as(() -> provisioning.linkedAccounts()) >= people);
		double first = Duration.between(firstStart, Instant.now()).toMillis() / 1000.0;
		System.gc();
		resetPeaks();
		var run = world.as(() -> provisioning.startRun(false, ProvisioningWorld.ADMIN));
		Instant start = Instant.now();
		waitFor(Duration.ofMinutes(10), () -> world.as(() -> provisioning.run(run)).orElseThrow().finished());
		double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		RunSummary summary = world.as(() -> provisioning.run(run)).orElseThrow();
		row("no-change reconcile of " + people + " linked people",
				String.format(Locale.ROOT,
						"%.1f s, %d operations planned, heap peak %d MB (JVM -Xmx %d MB); the first "
								+ "reconcile, linking %d existing accounts, took %.0f s",
						seconds, summary.planned(), peakHeapMb(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
						people, first),
				"< 30 s, heap < 512 MB");
	}

	/** One tenant loads many people while 20 others each make single changes. */
	private void fairness(int bigLoad, int others) {
		ProvisioningWorld big = world();
		big.sandbox.control("POST", "/sandbox/api/okta/" + big.org + "/users/bulk",
				"{\"count\":" + bigLoad + ",\"prefix\":\"big\"}");
		big.sandbox.control("PUT", "/sandbox/api/okta/" + big.org + "/apps/ShareFile/groups/Everyone", null);
		List<ProvisioningWorld> small = new ArrayList<>();
		List<String> smallPeople = new ArrayList<>();
		for (int i = 0; i < others; i++) {
			ProvisioningWorld world = world();
			world.configure(config -> config.withEnabled(true));
			world.registerHook();
			String person = world.person("Fair" + i, "Person");
			world.assign(person);
			small.add(world);
			smallPeople.add(person);
		}
		for (ProvisioningWorld world : small) {
			waitFor(Duration.ofMinutes(2), () -> world.as(() -> provisioning.linkedAccounts()) == 1);
		}
		big.configure(config -> config.withEnabled(true));
		waitFor(Duration.ofMinutes(2), () -> big.as(() -> provisioning.linkedAccounts()) > 50);
		List<Long> millis = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < others; i++) {
				ProvisioningWorld world = small.get(i);
				String marker = "R" + round + "x" + i;
				long mark = world.mark();
				Instant start = Instant.now();
				world.profile(smallPeople.get(i), "{\"lastName\":\"" + marker + "\"}");
				waitFor(Duration.ofSeconds(60),
						() -> world.shareFileRequestsAfter(mark)
							.stream()
							.anyMatch(r -> r.path("body").asString().contains(marker)));
				millis.add(Duration.between(start, Instant.now()).toMillis());
			}
		}
		long bigDone = big.as(() -> provisioning.linkedAccounts());
		Collections.sort(millis);
		row("fairness: single changes in " + others + " tenants while one tenant loads " + bigLoad + " people",
				"p50 " + pct(millis, 50) + " ms, p95 " + pct(millis, 95) + " ms (the big tenant had linked " + bigDone
						+ " when the last change landed)",
				"p95 < 2000 ms");
	}

	/**
	 * Each result is appended to the report as soon as it is measured, so a stopped run
	 * keeps what it had.
	 */
	void row(String what, String measured, String target) {
		String line = "| " + what + " | " + measured + " | " + target + " |";
		System.out.println(line);
		try {
			if (report.isEmpty()) {
				append(header());
			}
			append(line + "\n");
		}
		catch (IOException ex) {
			System.err.println("Could not write the report: " + ex.getMessage());
		}
		report.add(line);
	}

	private static void append(String text) throws IOException {
		Files.writeString(Path.of(System.getProperty("bench.report", "../docs/benchmarks.md")), text,
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
	}

	private static String header() {
		StringBuilder text = new StringBuilder();
		text.append("\n### Run of ")
			.append(LocalDate.now())
			.append(" on ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, JVM max heap ")
			.append(Runtime.getRuntime().maxMemory() / (1024 * 1024))
			.append(" MB\n\n| scenario | measured | target |\n|---|---|---|\n");
		return text.toString();
	}

	/**
	 * An identity provider creating people one after another at Ferry's SCIM endpoint (a
	 * SCIM-push organisation), as Okta does on assignment: each POST's answer time, the
	 * time from the POST to the account's create completing in ShareFile (the sandbox's
	 * request log), and the heap and CPU Ferry's JVM spent per 1,000 requests.
	 */
	private void scim(int people, int warmup) throws Exception {
		ProvisioningWorld world = world();
		world.as(() -> connections.saveSource("scim", java.util.Map.of(), ProvisioningWorld.ADMIN));
		world.configure(config -> config.withEnabled(true));
		dev.ferry.connection.ScimTokens tokens = ferry.getBean(dev.ferry.connection.ScimTokens.class);
		String token = world.as(() -> tokens.generate(ProvisioningWorld.ADMIN));
		String base = tokens.baseUrl(world.tenant.slug());
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		// a server that has served traffic before: the first requests of a fresh JVM are
		// its JIT compiler's, not Ferry's (they are left out, and their accounts with
		// them)
		for (int i = 0; i < warmup; i++) {
			String email = String.format(Locale.ROOT, "warm%04d@%s.example", i, world.org);
			java.net.http.HttpResponse<String> answer = http.send(
					java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/Users"))
						.header("Authorization", "Bearer " + token)
						.header("Content-Type", "application/scim+json")
						.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"userName\":\"" + email
								+ "\",\"name\":{\"givenName\":\"Warm\",\"familyName\":\"Up\"},"
								+ "\"emails\":[{\"primary\":true,\"value\":\"" + email
								+ "\",\"type\":\"work\"}],\"active\":true}"))
						.build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 201) {
				throw new IllegalStateException("SCIM warm-up answered " + answer.statusCode() + ": " + answer.body());
			}
		}
		waitFor(Duration.ofMinutes(5), () -> world.as(() -> provisioning.linkedAccounts()) >= warmup);
		List<Long> answers = new ArrayList<>();
		java.util.Map<String, Instant> sent = new java.util.LinkedHashMap<>();
		long mark = world.mark();
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		long cpuBefore = os.getProcessCpuTime();
		long allocatedBefore = allocated(threads);
		for (int i = 0; i < people; i++) {
			String email = String.format(Locale.ROOT, "scim%04d@%s.example", i, world.org);
			String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + email
					+ "\",\"name\":{\"givenName\":\"Scim\",\"familyName\":\"Person" + i + "\"},"
					+ "\"emails\":[{\"primary\":true,\"value\":\"" + email + "\",\"type\":\"work\"}],\"active\":true}";
			Instant start = Instant.now();
			java.net.http.HttpResponse<String> answer = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/Users"))
					.header("Authorization", "Bearer " + token)
					.header("Content-Type", "application/scim+json")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			answers.add(Duration.between(start, Instant.now()).toMillis());
			if (answer.statusCode() != 201) {
				throw new IllegalStateException("SCIM create answered " + answer.statusCode() + ": " + answer.body());
			}
			sent.put(email, start);
		}
		long cpu = os.getProcessCpuTime() - cpuBefore;
		long allocated = allocated(threads) - allocatedBefore;
		waitFor(Duration.ofMinutes(5), () -> world.as(() -> provisioning.linkedAccounts()) >= warmup + people);
		List<Long> toAccount = new ArrayList<>();
		for (JsonNode request : world.shareFileRequestsAfter(mark)) {
			if ("POST".equals(request.path("method").asString()) && request.path("status").asInt() == 200
					&& request.path("path").asString().contains("/Users")) {
				sent.entrySet()
					.stream()
					.filter(entry -> request.path("body").asString().contains(entry.getKey()))
					.findFirst()
					.ifPresent(entry -> toAccount
						.add(Duration.between(entry.getValue(), Instant.parse(request.path("at").asString()))
							.toMillis()));
			}
		}
		Collections.sort(answers);
		Collections.sort(toAccount);
		row("SCIM POST /Users → answer (" + people + " creates, one after another, after " + warmup + " unmeasured)",
				"p50 " + pct(answers, 50) + " ms, p95 " + pct(answers, 95) + " ms, p99 " + pct(answers, 99) + " ms",
				"p95 < 100 ms");
		row("SCIM create → ShareFile account created (" + toAccount.size() + " matched)", "p50 " + pct(toAccount, 50)
				+ " ms, p95 " + pct(toAccount, 95) + " ms, p99 " + pct(toAccount, 99) + " ms", "p95 < 1000 ms");
		row("the benchmark JVM (Ferry and the SCIM client) per 1,000 SCIM creates and the work they queue",
				String.format(Locale.ROOT, "%.1f s CPU, %.0f MB allocated", cpu / 1e9 * 1000 / people,
						allocated / 1e6 * 1000 / people),
				"—");
	}

	/**
	 * An identity provider's initial push into a SCIM-push organisation whose ShareFile
	 * is throttled: {@code clients} connections POST people as fast as Ferry answers (an
	 * identity provider assigning everyone at once), so the throttle, not the push, is
	 * the limit; measured as in {@link #load}: requests ShareFile served per second
	 * against the rate it allows, from the first POST to the last account linked.
	 */
	private void scimThrottled(int people, int throttlePerMinute, int clients) throws Exception {
		ProvisioningWorld world = world();
		world.as(() -> connections.saveSource("scim", java.util.Map.of(), ProvisioningWorld.ADMIN));
		world.configure(config -> config.withEnabled(true));
		world.sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults",
				"{\"throttlePerMinute\":" + throttlePerMinute + "}");
		dev.ferry.connection.ScimTokens tokens = ferry.getBean(dev.ferry.connection.ScimTokens.class);
		String token = world.as(() -> tokens.generate(ProvisioningWorld.ADMIN));
		String base = tokens.baseUrl(world.tenant.slug());
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		long mark = world.mark();
		java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.ExecutorService pushers = java.util.concurrent.Executors.newFixedThreadPool(clients);
		Instant start = Instant.now();
		List<java.util.concurrent.Future<?>> pushing = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			pushing.add(pushers.submit(() -> {
				for (int i = next.getAndIncrement(); i < people; i = next.getAndIncrement()) {
					String email = String.format(Locale.ROOT, "push%05d@%s.example", i, world.org);
					String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
							+ email + "\",\"name\":{\"givenName\":\"Push\",\"familyName\":\"Person" + i + "\"},"
							+ "\"emails\":[{\"primary\":true,\"value\":\"" + email
							+ "\",\"type\":\"work\"}],\"active\":true}";
					java.net.http.HttpResponse<String> answer = http
						.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/Users"))
							.header("Authorization", "Bearer " + token)
							.header("Content-Type", "application/scim+json")
							.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
							.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
					if (answer.statusCode() != 201) {
						throw new IllegalStateException(
								"SCIM create answered " + answer.statusCode() + ": " + answer.body());
					}
				}
				return null;
			}));
		}
		for (java.util.concurrent.Future<?> pusher : pushing) {
			pusher.get();
		}
		pushers.shutdown();
		double pushed = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		waitFor(Duration.ofMinutes(30), () -> world.as(() -> provisioning.linkedAccounts()) >= people);
		double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		List<JsonNode> requests = world.shareFileRequestsAfter(mark);
		long throttled = requests.stream().filter(r -> r.path("status").asInt() == 429).count();
		long served = requests.stream().filter(r -> r.path("status").asInt() != 429).count();
		double allowed = throttlePerMinute / 60.0;
		double achieved = served / seconds;
		row("initial SCIM push of " + people + " people (" + clients + " client connections) with ShareFile "
				+ "throttled at " + throttlePerMinute + " requests/min",
				String.format(Locale.ROOT,
						"pushed in %.1f s; all linked in %.1f s, %d requests served (%.2f/s = %.0f%% of the %.2f/s "
								+ "allowed), %d answered 429",
						pushed, seconds, served, achieved, 100 * achieved / allowed, allowed, throttled),
				"≥ 95% of the allowed rate");
	}

	/** Bytes allocated so far by every live thread of this JVM. */
	private static long allocated(java.lang.management.ThreadMXBean threads) {
		if (!(threads instanceof com.sun.management.ThreadMXBean counting)) {
			return 0;
		}
		return java.util.Arrays.stream(threads.getAllThreadIds())
			.map(counting::getThreadAllocatedBytes)
			.filter(bytes -> bytes > 0)
			.sum();
	}

	static long pct(List<Long> sorted, int percentile) {
		if (sorted.isEmpty()) {
			return -1;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	static void waitFor(Duration limit, BooleanSupplier condition) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Benchmark step did not finish within " + limit);
			}
			sleep(50);
		}
	}

	private static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void resetPeaks() {
		ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
	}

	static long peakHeapMb() {
		long peak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return peak / (1024 * 1024);
	}

}
