package dev.ferry.provisioning;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;
import dev.ferry.test.TestServices;

/**
 * Ferry scaled out: separate worker processes ({@link FerryProcess} with
 * {@code ferry.roles=worker}) on one PostgreSQL and Redis, with the benchmark's own
 * context as the one web+scheduler process, and the sandbox's ShareFile answering every
 * call 100 ms late, so that workers wait on I/O as they do against the real service.
 * Scenarios of {@code infra/bench/run}:
 * <ul>
 * <li>{@code scaleout}: the same initial load (several tenants, so that no single
 * tenant's cap decides) with 1, 2 and 4 worker processes: accounts created per
 * second;</li>
 * <li>{@code scaleout-one}: the same with a single tenant, to show a tenant's own
 * cap;</li>
 * <li>{@code tenants500}: 500 tenants of 200 linked people on 2 workers while big loads
 * run: how long each tenant's first change takes to reach ShareFile.</li>
 * </ul>
 * Every scenario also records the PostgreSQL connections each process held and used
 * (pg_stat_activity by application name) and the machine's CPU while it ran, since the
 * machine is shared.
 */
final class ScaleBenchmark {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final ProvisioningBenchmark.Report report;

	private final Supplier<ProvisioningWorld> worlds;

	private final Provisioning provisioning;

	private final Sandbox sandbox = Sandbox.get();

	private final org.springframework.jdbc.core.JdbcTemplate jdbc;

	ScaleBenchmark(Provisioning provisioning, org.springframework.jdbc.core.JdbcTemplate jdbc,
			ProvisioningBenchmark.Report report, Supplier<ProvisioningWorld> worlds) {
		this.provisioning = provisioning;
		this.jdbc = jdbc;
		this.report = report;
		this.worlds = worlds;
	}

	/**
	 * One initial load per worker count: {@code tenants} organisations of {@code people}
	 * each, all switched on at once, timed until every account is linked.
	 */
	void scaleOut(List<Integer> workerCounts, int tenants, int people, int latencyMillis, int throttlePerMinute)
			throws Exception {
		// processes are added between runs rather than all started again: a worker JVM
		// takes a minute or more to start on a busy 2-core machine, and the warm-up below
		// makes an older one no faster than a new one
		List<FerryProcess> processes = new ArrayList<>();
		try {
			for (int workers : workerCounts) {
				runScaleOut(processes, workers, tenants, people, latencyMillis, throttlePerMinute);
			}
		}
		finally {
			processes.forEach(FerryProcess::close);
		}
	}

	private void runScaleOut(List<FerryProcess> processes, int workers, int tenants, int people, int latencyMillis,
			int throttlePerMinute) throws Exception {
		List<ProvisioningWorld> load = parallel(tenants, () -> {
			ProvisioningWorld world = worlds.get();
			world.assignedPeople(people, "s");
			faults(world, latencyMillis, throttlePerMinute);
			return world;
		});
		while (processes.size() < workers) {
			processes.add(startWorker(processes.size() + 1));
		}
		try (Connections pg = Connections.start()) {
			warmUp(workers * 4, latencyMillis);
			Cpu cpu = Cpu.now();
			ProcessCpu processCpu = ProcessCpu.now();
			long mark = load.get(0).mark();
			Instant start = Instant.now();
			for (ProvisioningWorld world : load) {
				world.configure(config -> config.withEnabled(true));
			}
			long total = (long) tenants * people;
			Instant first = null;
			Instant tenth = null;
			Instant ninetieth = null;
			long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
			for (long linked = 0; linked < total;) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The load did not finish within 30 minutes: " + linked);
				}
				Thread.sleep(250);
				linked = linked(load);
				if (first == null && linked > 0) {
					first = Instant.now();
				}
				if (tenth == null && linked >= total / 10) {
					tenth = Instant.now();
				}
				if (ninetieth == null && linked >= total * 9 / 10) {
					ninetieth = Instant.now();
				}
			}
			double seconds = seconds(start, Instant.now());
			String spent = ProcessCpu.now().perThousand(processCpu, processes, total);
			double steady = ninetieth.isAfter(tenth) ? (total * 0.8) / seconds(tenth, ninetieth) : total / seconds;
			long calls = load.get(0)
				.shareFileRequestsAfter(mark)
				.stream()
				.filter(r -> r.path("status").asInt() != 429)
				.count();
			List<String> waits = processes.stream().map(ScaleBenchmark::poolWaits).toList();
			report.row(
					String.format(Locale.ROOT,
							"scale-out: %d worker process%s, %d tenant%s × %d people, ShareFile +%d ms per call%s",
							workers, workers == 1 ? "" : "es", tenants, tenants == 1 ? "" : "s", people, latencyMillis,
							throttlePerMinute > 0 ? ", throttled at " + throttlePerMinute + "/min per account" : "")
							+ "; worker settings: " + System.getProperty("bench.worker.properties", "defaults"),
					String.format(Locale.ROOT,
							"%d accounts in %.1f s (the first after %.1f s, 10 %% after %.1f s): %.0f accounts/s "
									+ "overall, %.0f/s from 10 %% to 90 %%; "
									+ "%.1f ShareFile calls per account; %s; %s; %s; workers' pools: %s",
							total, seconds, seconds(start, first), seconds(start, tenth), total / seconds, steady,
							(double) calls / people, cpu.since(), spent, pg, String.join(" / ", waits)),
					"grows with workers until a cap");
		}
	}

	/**
	 * 500 small tenants, each with everyone already in ShareFile and linked, then big
	 * initial loads in a few other tenants; while those run, one profile change in every
	 * small tenant, fired at a steady pace without waiting: the time from each change to
	 * its write in ShareFile.
	 */
	void manyTenants(int tenants, int people, int workers, int bigLoads, int bigPeople, int latencyMillis,
			double changesPerSecond) throws Exception {
		Instant seedStart = Instant.now();
		List<FerryProcess> processes = new ArrayList<>();
		for (int i = 1; i <= workers; i++) {
			processes.add(startWorker(i));
		}
		try (Connections pg = Connections.start()) {
			Map<ProvisioningWorld, String> changed = new ConcurrentHashMap<>();
			List<ProvisioningWorld> small = parallel(tenants, () -> {
				ProvisioningWorld world = worlds.get();
				String person = world.person("First", "Change");
				world.assign(person);
				// everyone else at once, and everyone already in ShareFile: switching on
				// links them without a write, as when a company adopts Ferry for an
				// account it has long used
				world.assignedPeople(people - 1, "t");
				sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users/generate",
						"{\"fromOkta\":\"" + world.org + "\"}");
				world.registerHook();
				world.configure(config -> config.withEnabled(true));
				changed.put(world, person);
				return world;
			});
			ProvisioningBenchmark.waitFor(Duration.ofMinutes(30), () -> linked(small) >= (long) tenants * people);
			double seeded = seconds(seedStart, Instant.now());
			report.row(
					"500 tenants: seeding " + tenants + " tenants × " + people + " people on " + workers
							+ " workers (sandbox bulk APIs; switching on links existing ShareFile users)",
					String.format(Locale.ROOT, "%.0f s until all %d linked", seeded, (long) tenants * people), "—");
			parallel(small.size(), new Supplier<>() {
				private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

				@Override
				public Object get() {
					faults(small.get(next.getAndIncrement()), latencyMillis, 0);
					return "";
				}
			});
			List<ProvisioningWorld> big = parallel(bigLoads, () -> {
				ProvisioningWorld world = worlds.get();
				world.assignedPeople(bigPeople, "b");
				faults(world, latencyMillis, 0);
				return world;
			});
			Cpu cpu = Cpu.now();
			Instant bigStart = Instant.now();
			for (ProvisioningWorld world : big) {
				world.configure(config -> config.withEnabled(true));
			}
			ProvisioningBenchmark.waitFor(Duration.ofMinutes(5),
					() -> big.stream().allMatch(world -> world.as(() -> provisioning.linkedAccounts()) > 50));
			Map<ProvisioningWorld, Instant> sent = new TreeMap<>(
					java.util.Comparator.comparing((ProvisioningWorld world) -> world.org));
			Map<ProvisioningWorld, Long> marks = new java.util.HashMap<>();
			long pause = Math.round(1000 / changesPerSecond);
			// one mark for all: the sandbox numbers requests across every org and account
			long mark = small.get(0).mark();
			for (ProvisioningWorld world : small) {
				marks.put(world, mark);
				sent.put(world, Instant.now());
				world.profile(changed.get(world), "{\"lastName\":\"Changed" + world.org + "\"}");
				Thread.sleep(pause);
			}
			Instant allSent = Instant.now();
			long bigAtLastChange = big.stream().mapToLong(world -> world.as(() -> provisioning.linkedAccounts())).sum();
			Map<ProvisioningWorld, Long> latency = new ConcurrentHashMap<>();
			long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
			while (latency.size() < small.size() && System.nanoTime() < deadline) {
				for (ProvisioningWorld world : small) {
					if (latency.containsKey(world)) {
						continue;
					}
					String marker = "Changed" + world.org;
					world.shareFileRequestsAfter(marks.get(world))
						.stream()
						.filter(r -> !"GET".equals(r.path("method").asString())
								&& r.path("body").asString().contains(marker))
						.findFirst()
						.ifPresent(write -> latency.put(world,
								Duration.between(sent.get(world), Instant.parse(write.path("at").asString()))
									.toMillis()));
				}
				Thread.sleep(1000);
			}
			// where the time went, per tenant: the change's way to Ferry (the sandbox's
			// batching and delivery), Ferry's hook → job, the job's wait for a thread,
			// its run
			List<List<Long>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
					new ArrayList<>());
			for (ProvisioningWorld world : small) {
				world.as(() -> {
					java.sql.Timestamp received = jdbc.queryForObject(
							"select max(received_at) from hook_event where received_at >= ?", java.sql.Timestamp.class,
							java.sql.Timestamp.from(sent.get(world)));
					List<java.sql.Timestamp[]> jobs = jdbc.query(
							"select created_at, started_at, finished_at from job where kind = 'identity.sync' "
									+ "and created_at >= ? order by created_at limit 1",
							(rows, n) -> new java.sql.Timestamp[] { rows.getTimestamp(1), rows.getTimestamp(2),
									rows.getTimestamp(3) },
							java.sql.Timestamp.from(sent.get(world)));
					if (received != null && !jobs.isEmpty() && jobs.get(0)[2] != null) {
						java.sql.Timestamp[] job = jobs.get(0);
						parts.get(0).add(Duration.between(sent.get(world), received.toInstant()).toMillis());
						parts.get(1).add(Duration.between(received.toInstant(), job[0].toInstant()).toMillis());
						parts.get(2).add(Duration.between(job[0].toInstant(), job[1].toInstant()).toMillis());
						parts.get(3).add(Duration.between(job[1].toInstant(), job[2].toInstant()).toMillis());
					}
				});
			}
			StringBuilder breakdown = new StringBuilder("p50/p95/max ms of: change → hook received ");
			List<String> names = List.of("", "; received → job queued ", "; queued → started ", "; started → done ");
			for (int i = 0; i < 4; i++) {
				List<Long> part = parts.get(i);
				Collections.sort(part);
				breakdown.append(names.get(i).isEmpty() ? "" : names.get(i))
					.append(ProvisioningBenchmark.pct(part, 50))
					.append('/')
					.append(ProvisioningBenchmark.pct(part, 95))
					.append('/')
					.append(ProvisioningBenchmark.pct(part, 100));
			}
			breakdown.append(" (").append(parts.get(0).size()).append(" tenants)");
			List<Long> millis = new ArrayList<>(latency.values());
			Collections.sort(millis);
			long over = millis.stream().filter(ms -> ms > 2000).count();
			List<String> waits = processes.stream().map(ScaleBenchmark::poolWaits).toList();
			long bigLinked = big.stream().mapToLong(world -> world.as(() -> provisioning.linkedAccounts())).sum();
			report.row(String.format(Locale.ROOT,
					"500 tenants: each one's first change (a profile edit through the event hook, %.0f tenants/s) "
							+ "while %d tenants load %d people each, %d workers, ShareFile +%d ms per call",
					changesPerSecond, bigLoads, bigPeople, workers, latencyMillis),
					String.format(Locale.ROOT,
							"%d of %d landed; p50 %d ms, p95 %d ms, max %d ms; %d over 2 s; changes sent over %.0f s; "
									+ "the big loads had linked %d of %d when the last change was sent (%d at the "
									+ "end, %.0f s after they started); %s; %s; %s; workers' pools: %s",
							millis.size(), small.size(), ProvisioningBenchmark.pct(millis, 50),
							ProvisioningBenchmark.pct(millis, 95), ProvisioningBenchmark.pct(millis, 100), over,
							seconds(bigStart, allSent), bigAtLastChange, (long) bigLoads * bigPeople, bigLinked,
							seconds(bigStart, Instant.now()), breakdown, cpu.since(), pg, String.join(" / ", waits)),
					"p95 < 2000 ms, every change lands");
		}
		finally {
			processes.forEach(FerryProcess::close);
		}
	}

	/**
	 * Small loads first, as many as the workers have threads, so that every fresh worker
	 * JVM has run each code path once (class loading and the first compilations take
	 * seconds on a busy machine) before anything is timed: a deployment's workers are
	 * warm.
	 */
	private void warmUp(int tenants, int latencyMillis) throws Exception {
		List<ProvisioningWorld> warm = parallel(tenants, () -> {
			ProvisioningWorld world = worlds.get();
			world.assignedPeople(50, "w");
			faults(world, latencyMillis, 0);
			return world;
		});
		warm.forEach(world -> world.configure(config -> config.withEnabled(true)));
		ProvisioningBenchmark.waitFor(Duration.ofMinutes(10), () -> linked(warm) >= 50L * tenants);
	}

	private long linked(List<ProvisioningWorld> load) {
		long linked = 0;
		for (ProvisioningWorld world : load) {
			linked += world.as(() -> provisioning.linkedAccounts());
		}
		return linked;
	}

	private void faults(ProvisioningWorld world, int latencyMillis, int throttlePerMinute) {
		String json = "{\"latencyMillis\":" + latencyMillis
				+ (throttlePerMinute > 0 ? ",\"throttlePerMinute\":" + throttlePerMinute : "") + "}";
		sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults", json);
	}

	/**
	 * A worker process, named in pg_stat_activity. One at a time: side by side, four JVMs
	 * starting on a busy 2-core machine did not become healthy within
	 * {@link FerryProcess}'s limit.
	 */
	private static FerryProcess startWorker(int number) {
		Map<String, Object> properties = new java.util.HashMap<>();
		properties.put("FERRY_DB_APPLICATION_NAME", "ferry worker " + number);
		properties.put("logging.level.root", "WARN");
		// e.g.
		// -Dbench.worker.properties=ferry.work.concurrency=8,ferry.provisioning.apply-parallelism=4
		for (String setting : System.getProperty("bench.worker.properties", "").split(",")) {
			if (setting.contains("=")) {
				properties.put(setting.substring(0, setting.indexOf('=')).strip(),
						setting.substring(setting.indexOf('=') + 1).strip());
			}
		}
		return FerryProcess.start("worker-" + number, "worker", Sandbox.freePort(), properties);
	}

	/** {@code count} results of {@code make}, four at a time. */
	private static <T> List<T> parallel(int count, Supplier<T> make) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(make::get));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdown();
		}
	}

	private static double seconds(Instant from, Instant to) {
		return Duration.between(from, to).toMillis() / 1000.0;
	}

	/**
	 * CPU time used so far by each process of the machine ({@code /proc/<pid>/stat}, user
	 * + system, in clock ticks), with its command name and parent: the CPU a load costs
	 * each part is the same on a busy machine as on a quiet one, where its throughput is
	 * not.
	 */
	record ProcessCpu(Map<Long, Long> ticks, Map<Long, String> names, Map<Long, Long> parents) {

		static ProcessCpu now() throws IOException {
			Map<Long, Long> ticks = new java.util.HashMap<>();
			Map<Long, String> names = new java.util.HashMap<>();
			Map<Long, Long> parents = new java.util.HashMap<>();
			try (var entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
				for (Path entry : entries) {
					try {
						String stat = Files.readString(entry.resolve("stat"));
						// the command name is in parentheses and may contain spaces
						String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
						String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						long pid = Long.parseLong(entry.getFileName().toString());
						ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
						names.put(pid, name);
						parents.put(pid, Long.parseLong(fields[1]));
					}
					catch (IOException | RuntimeException gone) {
						// the process ended meanwhile
					}
				}
			}
			return new ProcessCpu(ticks, names, parents);
		}

		/**
		 * CPU seconds per 1,000 accounts since {@code before}: the workers, this JVM (web
		 * and scheduler, and the benchmark's own polling), the sandbox, PostgreSQL and
		 * Redis (every one of their processes, so other users of them count too).
		 */
		String perThousand(ProcessCpu before, List<FerryProcess> workers, long accounts) {
			long self = ProcessHandle.current().pid();
			Set<Long> workerPids = workers.stream().map(FerryProcess::pid).collect(java.util.stream.Collectors.toSet());
			Map<String, Long> used = new TreeMap<>();
			ticks.forEach((pid, now) -> {
				long spent = now - before.ticks().getOrDefault(pid, 0L);
				String part = workerPids.contains(pid) ? "workers"
						: pid == self ? "web+scheduler JVM"
								: parents.getOrDefault(pid, 0L) == self ? "sandbox"
										: names.get(pid).startsWith("postgres") ? "PostgreSQL"
												: names.get(pid).startsWith("redis") ? "Redis" : null;
				if (part != null && before.ticks().containsKey(pid)) {
					used.merge(part, spent, Long::sum);
				}
			});
			StringBuilder text = new StringBuilder("CPU s per 1,000 accounts:");
			used.forEach((part, spent) -> text.append(' ')
				.append(part)
				.append(' ')
				.append(String.format(Locale.ROOT, "%.1f", spent / 100.0 * 1000 / Math.max(1, accounts)))
				.append(','));
			text.setLength(text.length() - 1);
			return text.toString();
		}

	}

	/**
	 * The machine's CPU from {@code /proc/stat} (every process, PostgreSQL and the
	 * sandbox and other users of a shared machine included) and its load average.
	 */
	record Cpu(long busy, long total, String loadBefore) {

		static Cpu now() throws IOException {
			long[] ticks = ticks();
			return new Cpu(ticks[0], ticks[1], loadAverage());
		}

		String since() throws IOException {
			long[] ticks = ticks();
			return String.format(Locale.ROOT, "machine CPU %.0f %% busy (%d cores), load average %s → %s",
					100.0 * (ticks[0] - busy) / Math.max(1, ticks[1] - total),
					Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
		}

		private static long[] ticks() throws IOException {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < fields.length; i++) {
				total += Long.parseLong(fields[i]);
			}
			// idle and iowait
			long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
			return new long[] { total - idle, total };
		}

		private static String loadAverage() throws IOException {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + "/" + fields[1];
		}

	}

	/**
	 * Samples this run's PostgreSQL sessions every 100 ms by application name, until
	 * closed: the most each process held, and the most that were not idle at once (in a
	 * query or a transaction). A sample can miss a short peak, so the busy figure is a
	 * lower bound; the connection pool's own wait times are read from the processes'
	 * metrics where that matters.
	 */
	static final class Connections implements AutoCloseable {

		private final Map<String, Integer> held = new ConcurrentHashMap<>();

		private final Map<String, Integer> busy = new ConcurrentHashMap<>();

		private final Thread sampler;

		private volatile boolean running = true;

		private Connections() {
			this.sampler = Thread.ofPlatform().daemon().name("bench-pg-sampler").start(this::poll);
		}

		static Connections start() {
			return new Connections();
		}

		private void poll() {
			String database = TestServices.get().databaseName();
			try (Connection connection = TestServices.get().adminConnection();
					PreparedStatement query = connection
						.prepareStatement("select application_name, count(*), count(*) filter (where state <> 'idle') "
								+ "from pg_stat_activity where datname = ? and pid <> pg_backend_pid() "
								+ "group by application_name")) {
				query.setString(1, database);
				while (running) {
					try (ResultSet rows = query.executeQuery()) {
						while (rows.next()) {
							String name = rows.getString(1).isBlank() ? "(unnamed)" : rows.getString(1).strip();
							held.merge(name, rows.getInt(2), Math::max);
							busy.merge(name, rows.getInt(3), Math::max);
						}
					}
					Thread.sleep(100);
				}
			}
			catch (SQLException | InterruptedException ex) {
				System.err.println("Connection sampling stopped: " + ex.getMessage());
			}
		}

		@Override
		public void close() {
			running = false;
			try {
				sampler.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("PostgreSQL connections held / most busy at once:");
			new TreeMap<>(held).forEach((name, count) -> text.append(' ')
				.append(name)
				.append(' ')
				.append(count)
				.append('/')
				.append(busy.getOrDefault(name, 0))
				.append(';'));
			text.setLength(text.length() - 1);
			return text.toString();
		}

	}

	/**
	 * A worker's connection pool as its metrics report it (Prometheus text): how long
	 * threads waited for a connection, and how often they gave up.
	 */
	static String poolWaits(FerryProcess process) {
		try {
			HttpResponse<String> answer = HTTP
				.send(HttpRequest.newBuilder(URI.create(process.baseUrl() + "/actuator/prometheus"))
					.header("Authorization",
							"Basic " + Base64.getEncoder()
								.encodeToString("metrics:test-metrics".getBytes(StandardCharsets.UTF_8)))
					.build(), HttpResponse.BodyHandlers.ofString());
			double[] values = new double[4];
			answer.body().lines().filter(line -> !line.startsWith("#")).forEach(line -> {
				String[] parts = line.split(" ");
				double value = Double.parseDouble(parts[parts.length - 1]);
				if (line.startsWith("hikaricp_connections_acquire_seconds_max")) {
					values[0] = Math.max(values[0], value);
				}
				else if (line.startsWith("hikaricp_connections_acquire_seconds_count")) {
					values[1] += value;
				}
				else if (line.startsWith("hikaricp_connections_acquire_seconds_sum")) {
					values[2] += value;
				}
				else if (line.startsWith("hikaricp_connections_timeout_total")) {
					values[3] += value;
				}
			});
			return String.format(Locale.ROOT,
					"%.0f checkouts, mean wait %.2f ms, longest recent %.0f ms, %.0f timeouts", values[1],
					values[1] == 0 ? 0 : 1000 * values[2] / values[1], 1000 * values[0], values[3]);
		}
		catch (IOException | InterruptedException ex) {
			return "(no metrics: " + ex.getMessage() + ")";
		}
	}

	static List<Integer> counts(String list) {
		List<Integer> counts = new ArrayList<>();
		for (String count : list.split(",")) {
			counts.add(Integer.parseInt(count.strip()));
		}
		return counts;
	}

}
