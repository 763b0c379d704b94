package dev.ferry.drills;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.ferry.FerryApplication;
import dev.ferry.connection.Connections;
import dev.ferry.provisioning.Provisioning;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningWorld;
import dev.ferry.provisioning.RunSummary;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;
import dev.ferry.work.WorkStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One failure drill's world and its verdict. A drill owns everything it may break: a
 * PostgreSQL cluster ({@link OwnPostgres}) and a redis-server ({@link OwnRedis}) of its
 * own, and {@value #TENANTS} organisations with {@value #PEOPLE} people in all, each with
 * its own Okta org and ShareFile account in the sandbox. Ferry runs as real processes
 * ({@link FerryProcess}) the drill starts and kills; this JVM only holds a {@code web}
 * context (no worker, no scheduler) to set the organisations up and read Ferry's state
 * back.
 *
 * <p>
 * The plan every drill must end with, checked by {@link #mismatches()}: every Okta person
 * of every organisation (all are assigned, through Everyone) has exactly one ShareFile
 * account, with their current first and last name; the pushed group "Drill Team" has
 * exactly the Okta group's members; Ferry links as many accounts as there are people; no
 * job is waiting or running and every run has finished. {@link #assertPlan} adds what
 * only the end can tell: nobody was created twice (successful creates in the sandbox's
 * request log, across every process and restart) and the dead letters the drill expects.
 */
final class Drill implements AutoCloseable {

	static final int PEOPLE = 2000;

	static final int TENANTS = 4;

	static final int PER_TENANT = PEOPLE / TENANTS;

	/** People per organisation in the pushed group. */
	static final int TEAM = 40;

	/**
	 * Every {@code CHANGE_EVERY}-th person's last name changes in Okta while the load
	 * runs (25 per organisation).
	 */
	static final int CHANGE_EVERY = 20;

	static final String TEAM_GROUP = "Drill Team";

	/**
	 * Per ShareFile call, so the load lasts long enough (tens of seconds) for a failure
	 * to land in its middle.
	 */
	static final int SHAREFILE_LATENCY_MILLIS = 150;

	static final String LATENCY = "{\"latencyMillis\":" + SHAREFILE_LATENCY_MILLIS + "}";

	/** Each drill must end within 5 minutes; this is what is left for converging. */
	static final Duration CONVERGE = Duration.ofMinutes(4);

	static final String ROLES_ALL = "web,worker,scheduler";

	static final Path RESULTS = Path.of("target", "drills");

	final String name;

	final OwnPostgres postgres;

	final DrillRedis redis;

	final List<ProvisioningWorld> worlds = new ArrayList<>();

	private final Map<ProvisioningWorld, String> teams = new HashMap<>();

	private final List<FerryProcess> processes = new ArrayList<>();

	private final long mark;

	private String database = "ferry";

	private String redisPrefix = "ferry-drill:";

	private ConfigurableApplicationContext control;

	private long loadStarted;

	private long failed;

	private long recovered;

	private long convergedAt;

	private Drill(String name, OwnPostgres postgres, DrillRedis redis) {
		this.name = name;
		this.postgres = postgres;
		this.redis = redis;
		postgres.createDatabase(database);
		this.control = controlContext();
		this.mark = ProvisioningWorld.JSON.readTree(Sandbox.get().control("GET", "/sandbox/api/requests/mark", null))
			.path("sequence")
			.asLong();
	}

	/**
	 * The world: servers, organisations, people (bulk-generated in Okta, assigned through
	 * Everyone), the team group. Provisioning is still off.
	 */
	static Drill create(String name) {
		return create(name, OwnRedis::start);
	}

	/** As {@link #create(String)}, on a Redis of the drill's choosing. */
	static Drill create(String name, java.util.function.Supplier<DrillRedis> redisServers) {
		OwnPostgres postgres = OwnPostgres.start();
		DrillRedis redis;
		Drill drill;
		try {
			redis = redisServers.get();
		}
		catch (RuntimeException ex) {
			postgres.close();
			throw ex;
		}
		try {
			drill = new Drill(name, postgres, redis);
		}
		catch (RuntimeException ex) {
			redis.close();
			postgres.close();
			throw ex;
		}
		try {
			for (int t = 0; t < TENANTS; t++) {
				ProvisioningWorld world = new ProvisioningWorld(drill.bean(Tenants.class), drill.bean(Members.class),
						drill.bean(Connections.class), drill.bean(Provisioning.class), PER_TENANT + 100);
				List<String> emails = world.assignedPeople(PER_TENANT, "drill");
				String team = world.oktaGroup(TEAM_GROUP);
				for (String email : emails.subList(0, TEAM)) {
					world.addToGroup(team, email);
				}
				drill.worlds.add(world);
				drill.teams.put(world, team);
			}
			return drill;
		}
		catch (RuntimeException ex) {
			drill.close();
			throw ex;
		}
	}

	/** Ferry as a process of its own on this drill's database and Redis. */
	FerryProcess startFerry(String process, String roles) {
		return startFerry(process, roles, Sandbox.freePort());
	}

	FerryProcess startFerry(String process, String roles, int port) {
		return startFerry(process, roles, port, Map.of());
	}

	FerryProcess startFerry(String process, String roles, int port, Map<String, Object> extra) {
		Map<String, Object> properties = new TreeMap<>(ferryProperties());
		properties.putAll(extra);
		FerryProcess ferry = FerryProcess.start(name + "-" + process, roles, port, properties);
		processes.add(ferry);
		return ferry;
	}

	/**
	 * ShareFile slowed down, then provisioning (with Push Groups of the team) switched on
	 * in every organisation: each starts a full reconcile.
	 */
	void startLoad() {
		shareFileFaults(LATENCY);
		loadStarted = System.nanoTime();
		for (ProvisioningWorld world : worlds) {
			world.pushGroups(new ProvisioningConfig.GroupPush(List.of(TEAM_GROUP), ""));
		}
	}

	/** The same faults for every organisation's ShareFile account (replacing any). */
	void shareFileFaults(String json) {
		worlds.forEach(world -> shareFileFaults(world, json));
	}

	static void shareFileFaults(ProvisioningWorld world, String json) {
		world.sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults", json);
	}

	/**
	 * Waits until this many accounts exist in ShareFile, in all organisations together.
	 */
	void awaitCreated(int accounts) {
		await(accounts + " accounts created").atMost(CONVERGE)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> created() >= accounts);
	}

	/**
	 * Accounts the load has created so far (each account starts with its admin alone).
	 */
	int created() {
		int sum = 0;
		for (ProvisioningWorld world : worlds) {
			JsonNode summary = ProvisioningWorld.JSON
				.readTree(world.sandbox.control("GET", "/sandbox/api/sharefile/" + world.org, null));
			sum += summary.path("employees").asInt() + summary.path("clients").asInt() - 1;
		}
		return sum;
	}

	/**
	 * Changes the last name of every {@value #CHANGE_EVERY}-th person in Okta (the System
	 * Log poller or the event hook carries it to Ferry); most are not in ShareFile yet.
	 */
	void changeProfiles(String lastName) {
		for (ProvisioningWorld world : worlds) {
			for (int n = CHANGE_EVERY; n <= PER_TENANT; n += CHANGE_EVERY) {
				world.profile(email(world, n), "{\"lastName\":\"" + lastName + n + "\"}");
			}
		}
	}

	static String email(ProvisioningWorld world, int n) {
		return String.format(Locale.ROOT, "drill.%06d@%s.example", n, world.org);
	}

	/** The failure is injected now. */
	void failed() {
		failed = System.nanoTime();
		System.out.printf("[%s] failure injected with %d of %d accounts created%n", name, created(), PEOPLE);
	}

	/** The failure is over now (the server back, the outage ended, ...). */
	void recovered() {
		recovered = System.nanoTime();
	}

	/**
	 * Waits until ShareFile matches the plan and no work is left; returns how long after
	 * the failure that was, and prints it.
	 */
	Duration awaitConvergence() {
		await(name + ": ShareFile matching the plan").atMost(CONVERGE)
			.pollInterval(Duration.ofSeconds(1))
			// this JVM's own reads fail too while the drill's PostgreSQL restarts: ask
			// again (the last failure is in the message if it never ends)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(mismatches()).as("what does not match the plan yet").isEmpty());
		long converged = System.nanoTime();
		if (recovered == 0) {
			recovered = failed;
		}
		Duration afterFailure = Duration.ofNanos(converged - failed);
		System.out.printf(
				"[%s] converged: %.1f s after the failure, %.1f s after recovery, %.1f s after the load "
						+ "started (%d people, %d organisations)%n",
				name, seconds(afterFailure), seconds(Duration.ofNanos(converged - recovered)),
				seconds(Duration.ofNanos(converged - loadStarted)), PEOPLE, TENANTS);
		this.convergedAt = converged;
		return afterFailure;
	}

	/**
	 * What differs between ShareFile (and Ferry's state) and the plan; empty when
	 * converged. At most a few lines per organisation, with counts.
	 */
	List<String> mismatches() throws Exception {
		List<String> problems = new ArrayList<>();
		for (ProvisioningWorld world : worlds) {
			problems.addAll(mismatches(world));
		}
		return problems;
	}

	private List<String> mismatches(ProvisioningWorld world) throws Exception {
		List<String> problems = new ArrayList<>();
		String where = world.org + ": ";
		List<JsonNode> people = oktaPeople(world);
		Map<String, List<JsonNode>> accounts = world.allShareFileUsers()
			.stream()
			.collect(Collectors.groupingBy(user -> ProvisioningWorld.text(user, "email").toLowerCase(Locale.ROOT)));
		int missing = 0;
		List<String> twice = new ArrayList<>();
		List<String> wrong = new ArrayList<>();
		for (JsonNode person : people) {
			JsonNode profile = person.path("profile");
			String email = profile.path("email").asString().toLowerCase(Locale.ROOT);
			List<JsonNode> found = accounts.remove(email);
			if (found == null) {
				missing++;
				continue;
			}
			if (found.size() > 1) {
				twice.add(email + " ×" + found.size());
			}
			JsonNode account = found.get(0);
			for (String field : List.of("firstName", "lastName")) {
				String expected = profile.path(field).asString();
				String actual = ProvisioningWorld.text(account, field);
				if (!expected.equals(actual)) {
					wrong.add(email + " " + field + " " + actual + " ≠ " + expected);
				}
			}
		}
		accounts.remove("sf.admin@" + world.org + ".example");
		if (missing > 0) {
			problems.add(where + missing + " of " + people.size() + " people have no ShareFile account");
		}
		if (!twice.isEmpty()) {
			problems.add(where + "accounts twice: " + first(twice));
		}
		if (!wrong.isEmpty()) {
			problems.add(where + wrong.size() + " accounts with other values than Okta's: " + first(wrong));
		}
		if (!accounts.isEmpty()) {
			problems.add(where + "accounts of nobody in Okta: " + first(new ArrayList<>(accounts.keySet())));
		}
		List<String> team = teamEmails(world);
		List<String> shareFileTeam = world.shareFileGroups().get(TEAM_GROUP);
		if (!team.equals(shareFileTeam)) {
			problems.add(where + "ShareFile's " + TEAM_GROUP + " has "
					+ (shareFileTeam == null ? "no group" : shareFileTeam.size() + " members") + ", Okta's "
					+ team.size());
		}
		Provisioning provisioning = bean(Provisioning.class);
		long linked = world.as(provisioning::linkedAccounts);
		if (linked != people.size()) {
			problems.add(where + linked + " accounts linked, " + people.size() + " people");
		}
		WorkStats.Counts counts = world.as(() -> bean(WorkStats.class).current());
		if (counts.pending() + counts.running() > 0) {
			problems.add(where + "work left: " + counts);
		}
		List<RunSummary> unfinished = world.as(() -> provisioning.latestRuns(100))
			.stream()
			.filter(run -> !run.finished())
			.toList();
		if (!unfinished.isEmpty()) {
			problems.add(where + "runs not finished: " + first(unfinished.stream().map(RunSummary::toString).toList()));
		}
		return problems;
	}

	/**
	 * The verdict: ShareFile matches the plan, nobody was created twice, and exactly
	 * {@code expectedDead} jobs are dead letters.
	 */
	void assertPlan(int expectedDead) throws Exception {
		assertThat(mismatches()).as("ShareFile against the plan").isEmpty();
		long dead = 0;
		for (ProvisioningWorld world : worlds) {
			dead += world.as(() -> bean(WorkStats.class).current()).dead();
			long creates = world.accountsCreatedAfter(mark);
			assertThat(creates).as(world.org + ": accounts created, across every process (nobody twice)")
				.isEqualTo(PER_TENANT);
		}
		assertThat(dead).as("dead letters").isEqualTo(expectedDead);
	}

	/**
	 * Writes the drill's result to {@code target/drills/results.tsv} (one line per drill,
	 * appended) for docs/operations-drills.md.
	 */
	void record(String drill, String notes) {
		double load = loadAverage();
		String line = String.join("\t", drill, String.valueOf(PEOPLE), String.valueOf(TENANTS),
				String.format(Locale.ROOT, "%.1f", seconds(Duration.ofNanos(convergedAt - failed))),
				String.format(Locale.ROOT, "%.1f", seconds(Duration.ofNanos(convergedAt - recovered))),
				String.format(Locale.ROOT, "%.1f", seconds(Duration.ofNanos(convergedAt - loadStarted))),
				String.format(Locale.ROOT, "%.2f", load), notes, Instant.now().toString());
		System.out.println("[" + name + "] result: " + line);
		try {
			Files.createDirectories(RESULTS);
			Path file = RESULTS.resolve("results.tsv");
			if (!Files.exists(file)) {
				Files.writeString(file, "drill\tpeople\torganisations\tfailure→converged s\trecovery→converged s"
						+ "\tload→converged s\tload average (1 min)\tnotes\tfinished\n");
			}
			Files.writeString(file, line + "\n", StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not write the drill results", ex);
		}
	}

	/**
	 * Ferry's state is in another database now (a restored backup); the next processes
	 * use it.
	 */
	void useDatabase(String restored, String prefix) {
		this.database = restored;
		this.redisPrefix = prefix;
		control.close();
		control = controlContext();
	}

	/**
	 * How many times this drill's Ferry processes have logged {@code text} so far: what a
	 * drill waits on to know Ferry has felt a failure (a worker that could not read its
	 * work, a heartbeat that could not be written).
	 */
	long ferryLogged(String text) {
		long count = 0;
		for (FerryProcess process : processes) {
			try {
				count += java.nio.file.Files.readAllLines(process.log())
					.stream()
					.filter(line -> line.contains(text))
					.count();
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException("Could not read " + process.log(), ex);
			}
		}
		return count;
	}

	/** Waits until Ferry has logged {@code text} {@code times} more times than before. */
	void awaitFerryLogged(String text, long before, int times) {
		await(name + ": Ferry logging \"" + text + "\"").atMost(CONVERGE)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> ferryLogged(text) >= before + times);
	}

	/**
	 * Waits until the sandbox's ShareFile outage of this organisation is over (its faults
	 * name no outage, or one that has ended).
	 */
	static void awaitOutageOver(ProvisioningWorld world) {
		await(world.org + ": ShareFile outage over").atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(() -> {
			JsonNode faults = ProvisioningWorld.JSON
				.readTree(world.sandbox.control("GET", "/sandbox/api/sharefile/" + world.org + "/faults", null));
			JsonNode until = faults.path("outageUntil");
			return until.isNull() || until.isMissingNode() || !Instant.parse(until.asString()).isAfter(Instant.now());
		});
	}

	/** A mark in the sandbox's request log, to count what came after it. */
	long mark() {
		return worlds.get(0).mark();
	}

	/**
	 * ShareFile answers of every organisation since a mark, by status: what the storm
	 * drill counts to move from one phase to the next.
	 */
	long shareFileAnswersSince(long since, java.util.function.IntPredicate status) {
		long count = 0;
		for (ProvisioningWorld world : worlds) {
			count += world.shareFileRequestsAfter(since)
				.stream()
				.filter(request -> status.test(request.path("status").asInt()))
				.count();
		}
		return count;
	}

	/** The drill's single redis-server, for the drills that flush or restart it. */
	OwnRedis ownRedis() {
		if (redis instanceof OwnRedis own) {
			return own;
		}
		throw new IllegalStateException("This drill runs on " + redis + ", not a single redis-server");
	}

	<T> T bean(Class<T> type) {
		return control.getBean(type);
	}

	String database() {
		return database;
	}

	/** The properties that point a Ferry process at this drill's database and Redis. */
	Map<String, Object> ferryProperties() {
		Map<String, Object> properties = new TreeMap<>();
		properties.put("spring.datasource.url", postgres.jdbcUrl(database));
		properties.put("spring.datasource.username", OwnPostgres.APP_ROLE);
		properties.put("spring.datasource.password", OwnPostgres.APP_ROLE);
		properties.put("spring.flyway.user", "postgres");
		properties.put("spring.flyway.password", "");
		properties.putAll(redis.properties());
		properties.put("ferry.redis.key-prefix", redisPrefix);
		return properties;
	}

	private ConfigurableApplicationContext controlContext() {
		Map<String, Object> properties = new HashMap<>(ferryProperties());
		int port = Sandbox.freePort();
		properties.put("server.port", port);
		properties.put("server.address", "127.0.0.1");
		properties.put("ferry.public-url", "http://127.0.0.1:" + port);
		properties.put("ferry.allowed-hosts", "127.0.0.1:" + Sandbox.get().port());
		// no worker and no scheduler: the processes under test do all the work
		properties.put("ferry.roles", "web");
		properties.put("logging.level.root", "WARN");
		// it serves a few calls to set the world up and read it back: beans on first use
		// start it much sooner on a busy machine
		properties.put("spring.main.lazy-initialization", "true");
		return new SpringApplicationBuilder(FerryApplication.class).profiles("test")
			.initializers(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("drill", properties)))
			.run();
	}

	/** Every person of the org, as its management API lists them (200 a page). */
	private static List<JsonNode> oktaPeople(ProvisioningWorld world) throws Exception {
		List<JsonNode> people = new ArrayList<>();
		String after = null;
		while (true) {
			JsonNode page = ProvisioningWorld.JSON.readTree(
					world.oktaApi("GET", "/api/v1/users?limit=200" + (after == null ? "" : "&after=" + after), null));
			page.forEach(people::add);
			if (page.size() < 200) {
				return people;
			}
			after = page.get(page.size() - 1).path("id").asString();
		}
	}

	private List<String> teamEmails(ProvisioningWorld world) throws Exception {
		List<String> emails = new ArrayList<>();
		ProvisioningWorld.JSON
			.readTree(world.oktaApi("GET", "/api/v1/groups/" + teams.get(world) + "/users?limit=1000", null))
			.forEach(user -> emails.add(user.path("profile").path("email").asString()));
		emails.sort(null);
		return emails;
	}

	private static String first(List<String> items) {
		return items.size() <= 5 ? items.toString() : items.subList(0, 5) + " and " + (items.size() - 5) + " more";
	}

	static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** The first of {@code ports} nobody listens on. */
	static int freePort(int[] ports) {
		for (int port : ports) {
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException ex) {
				// taken: the next
			}
		}
		throw new IllegalStateException("All of the drill's ports are taken: " + java.util.Arrays.toString(ports));
	}

	@Override
	public void close() {
		processes.forEach(FerryProcess::close);
		for (ProvisioningWorld world : worlds) {
			try {
				world.sandbox.control("DELETE", "/sandbox/api/sharefile/" + world.org + "/faults", null);
			}
			catch (RuntimeException ex) {
				// the sandbox may be gone at JVM exit
			}
		}
		if (control != null) {
			control.close();
		}
		redis.close();
		postgres.close();
	}

}
