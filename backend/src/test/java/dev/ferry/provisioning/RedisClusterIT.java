package dev.ferry.provisioning;

import java.time.Duration;
import java.time.Instant;
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

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connection.Connections;
import dev.ferry.connector.Throttle;
import dev.ferry.connector.ThrottleSource;
import dev.ferry.connector.Throttled;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.BrowserExtension;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.RedisCluster;
import dev.ferry.test.Sandbox;
import dev.ferry.work.Throttles;
import dev.ferry.work.WorkStats;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Ferry on a Redis Cluster of three primaries with a replica each ({@link RedisCluster},
 * ports 7101-7106, started for this class and stopped after its context has closed)
 * instead of one Redis: several organisations' people reach their ShareFile accounts
 * exactly once, one of them through a throttling ShareFile; the shared throttle buckets
 * pace and pause callers; each organisation's work keys share one hash slot while
 * different organisations' streams live on different nodes; a portal sign-in session
 * lives in the cluster; and a primary killed mid-provisioning is replaced by its replica
 * with nothing lost or done twice (last, as it leaves the cluster a node short).
 *
 * <p>
 * Its context is the only one with a worker while it runs ({@code @Order(3)}, after the
 * two ordered classes that start no worker of their own, and {@code @DirtiesContext}), so
 * every job of these organisations is run through the cluster, not by a cached context on
 * the single Redis.
 */
@FerryIntegrationTest
@TestPropertySource(properties = { "ferry.test.redis-cluster-ports=7101,7102,7103,7104,7105,7106",
		"ferry.test.redis-cluster-replicas=1" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
@ExtendWith(BrowserExtension.class)
@Order(3)
class RedisClusterIT {

	static final Duration CONVERGE = Duration.ofMinutes(3);

	static final int PEOPLE = 12;

	static final int THROTTLED_PEOPLE = 20;

	/** Requests a minute the throttled organisation's ShareFile serves (429 beyond). */
	static final int SHAREFILE_PER_MINUTE = 120;

	@Autowired
	RedisCluster cluster;

	@Autowired
	RedisConnectionFactory connections;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	FerryProperties properties;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connectionsOfTenant;

	@Autowired
	Provisioning provisioning;

	@Autowired
	WorkStats work;

	@Autowired
	Throttles throttles;

	@Value("${ferry.public-url}")
	String portal;

	@Test
	void ferryRunsOnTheCluster() {
		assertThat(connections.getConnection()).as("Ferry's Redis connection")
			.isInstanceOf(RedisClusterConnection.class);
		assertThat(redis.getConnectionFactory().getClusterConnection().clusterGetNodes()).hasSize(6);
	}

	@Test
	void severalOrganisationsAreProvisionedThroughTheClusterEachPersonOnce() {
		// at least four organisations, more until their streams sit on two nodes or more
		// (a tenant's node follows from its random id)
		List<ProvisioningWorld> worlds = new ArrayList<>();
		Map<ProvisioningWorld, List<String>> people = new HashMap<>();
		while (worlds.size() < 4 || (nodesOf(worlds).size() < 2 && worlds.size() < 10)) {
			ProvisioningWorld world = new ProvisioningWorld(tenants, members, connectionsOfTenant, provisioning);
			worlds.add(world);
			boolean throttled = worlds.size() == 1;
			people.put(world, world.assignedPeople(throttled ? THROTTLED_PEOPLE : PEOPLE, "cluster"));
			if (throttled) {
				world.sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults",
						"{\"throttlePerMinute\":" + SHAREFILE_PER_MINUTE + "}");
			}
		}
		ProvisioningWorld throttled = worlds.get(0);
		long mark = throttled.mark();
		Instant start = Instant.now();
		worlds.forEach(world -> world.configure(config -> config.withEnabled(true)));

		await("every organisation's people linked, no work left").atMost(CONVERGE)
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				for (ProvisioningWorld world : worlds) {
					restartAFinishedRunIfSomeoneIsMissing(world, people.get(world).size());
					assertThat(world.as(() -> provisioning.linkedAccounts())).as(world.org)
						.isEqualTo(people.get(world).size());
					WorkStats.Counts counts = world.as(() -> work.current());
					assertThat(counts.pending() + counts.running()).as(world.org + ": " + counts).isZero();
				}
			});
		throttled.sandbox.control("DELETE", "/sandbox/api/sharefile/" + throttled.org + "/faults", null);

		for (ProvisioningWorld world : worlds) {
			Map<String, Long> accounts = world.allShareFileUsers()
				.stream()
				.map(user -> ProvisioningWorld.text(user, "email").toLowerCase(Locale.ROOT))
				.filter(email -> email.startsWith("cluster."))
				.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
			assertThat(accounts.keySet()).as(world.org).containsExactlyInAnyOrderElementsOf(people.get(world));
			assertThat(accounts).as(world.org).allSatisfy((email, count) -> assertThat(count).as(email).isEqualTo(1));
			assertThat(world.as(() -> work.current()).dead()).as(world.org + " dead letters").isZero();
		}
		// the throttled ShareFile was never asked for more than it serves, give or take a
		// minute's worth (its window rolls)
		long served = throttled.shareFileRequestsAfter(mark)
			.stream()
			.filter(request -> request.path("status").asInt() != 429)
			.count();
		double minutes = Math.max(1, Duration.between(start, Instant.now()).toSeconds() / 60.0);
		assertThat(served).isLessThanOrEqualTo((long) Math.ceil(minutes) * SHAREFILE_PER_MINUTE + SHAREFILE_PER_MINUTE);

		eachOrganisationsKeysShareOneSlotAndOrganisationsSpreadOverTheNodes(worlds);
	}

	/**
	 * A failed operation is retried by the person's own job; a reconcile that ends while
	 * the throttle still refused someone is asked for again, as an operator would.
	 */
	private void restartAFinishedRunIfSomeoneIsMissing(ProvisioningWorld world, int expected) {
		if (world.as(() -> provisioning.linkedAccounts()) == expected) {
			return;
		}
		var latest = world.as(() -> provisioning.latestRuns(1));
		WorkStats.Counts counts = world.as(() -> work.current());
		if (!latest.isEmpty() && latest.get(0).finished() && counts.pending() + counts.running() == 0) {
			world.as(() -> provisioning.startRun(false, ProvisioningWorld.ADMIN));
		}
	}

	private void eachOrganisationsKeysShareOneSlotAndOrganisationsSpreadOverTheNodes(List<ProvisioningWorld> worlds) {
		Map<Integer, Integer> ownerOfSlot = slotOwners();
		Set<Integer> nodes = new HashSet<>();
		for (ProvisioningWorld world : worlds) {
			String tag = "{t:" + world.tenant.id() + "}";
			String stream = properties.redis().key("work", tag, "stream");
			assertThat(redis.hasKey(stream)).as("the stream of " + world.org + " is in the cluster").isTrue();
			long slot = keySlot(stream);
			assertThat(keySlot(tag)).as("the stream's slot is its tenant tag's").isEqualTo(slot);
			// any other key named with the tag lands there too, whatever else it says
			assertThat(keySlot(properties.redis().key("anything", tag, "else"))).isEqualTo(slot);
			int node = ownerOfSlot.get((int) slot);
			assertThat(Long.parseLong(cluster.cli(node, "cluster", "countkeysinslot", Long.toString(slot))))
				.as("keys of " + world.org + " on node " + node)
				.isPositive();
			nodes.add(node);
		}
		assertThat(nodes).as("nodes holding the organisations' streams").hasSizeGreaterThanOrEqualTo(2);
		// each ShareFile account has a throttle bucket of its own, wherever it lands
		for (ProvisioningWorld world : worlds) {
			String bucket = properties.redis()
				.key("throttle", "sharefile:" + ThrottleSource.addressOf(world.sandbox.shareFileBaseUrl(world.org)));
			assertThat(redis.hasKey(bucket)).as("the ShareFile throttle bucket " + bucket).isTrue();
		}
	}

	@Test
	void theSharedThrottlesPaceAndPauseEveryCallerOnTheCluster() {
		// 6 a minute: the burst (2 s of the rate) rounds up to one call, the next is 10 s
		// away, longer than a worker may wait, so it is refused as Throttled at once
		Throttle paced = throttles.forTarget("cluster-paced-" + UUID.randomUUID(), 6);
		paced.acquire();
		assertThatThrownBy(paced::acquire).isInstanceOf(Throttled.class);

		String bucket = "cluster-paused-" + UUID.randomUUID();
		Throttle paused = throttles.forTarget(bucket, 6000);
		paused.acquire();
		paused.slowDown(Duration.ofSeconds(30));
		// another instance of the same bucket (as another process would have) sees the
		// pause
		Throttle same = throttles.forTarget(bucket, 6000);
		assertThatThrownBy(same::acquire).isInstanceOf(Throttled.class)
			.satisfies(thrown -> assertThat(((Throttled) thrown).retryAfter()).isGreaterThan(Duration.ofSeconds(25)));
		assertThat(redis.hasKey(properties.redis().key("throttle", bucket))).as("the bucket, one key").isTrue();
		assertThat(redis.hasKey(properties.redis().key("throttle", bucket, "paused"))).as("no second key for the pause")
			.isFalse();
	}

	@Test
	void aSignInSessionLivesInTheCluster(Page page) {
		Sandbox sandbox = Sandbox.get();
		Tenant acme = tenants.create(new NewTenant(TestTenants.uniqueSlug("acme"),
				"Acme " + UUID.randomUUID().toString().substring(0, 4), TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("acme"), "ferry-portal", "ferry-portal-secret-acme", List.of()));
		sandbox.registerPortal("acme", portal, acme.slug());
		TenantContext.run(acme.id(),
				() -> members.invite("it.admin@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));

		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(acme.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		page.waitForURL(url -> url.contains("/okta/"));
		page.getByLabel("Username").fill("it.admin@acme.example");
		page.getByLabel("Password").fill("Ferry-demo-1");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		page.waitForURL(url -> url.startsWith(portal + "/t/" + acme.slug() + "/"));

		// the session is in the cluster, and another page of the organisation opens with
		// it
		assertThat(redis.keys(properties.redis().keyPrefix() + "session:sessions:*")).as("sessions in the cluster")
			.isNotEmpty();
		page.navigate(portal + "/t/" + acme.slug() + "/connections");
		assertThat(page).hasURL(portal + "/t/" + acme.slug() + "/connections");
	}

	/**
	 * A primary SIGKILLed while three organisations are being provisioned (ShareFile
	 * answering in 200 ms, so the work takes a while): its replica is promoted, Ferry's
	 * client follows, and every person still ends up with exactly one account, with no
	 * job left waiting, running or dead. What the lost node held that had not reached its
	 * replica is what a flush loses, and PostgreSQL brings it back (docs/work.md).
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void aPrimaryLostMidProvisioningIsReplacedByItsReplicaAndNothingIsLostOrDoneTwice() {
		List<ProvisioningWorld> worlds = new ArrayList<>();
		Map<ProvisioningWorld, List<String>> people = new HashMap<>();
		for (int i = 0; i < 3; i++) {
			ProvisioningWorld world = new ProvisioningWorld(tenants, members, connectionsOfTenant, provisioning);
			people.put(world, world.assignedPeople(i == 0 ? 60 : 20, "failover"));
			world.sandbox.control("PUT", "/sandbox/api/sharefile/" + world.org + "/faults", "{\"latencyMillis\":200}");
			worlds.add(world);
		}
		ProvisioningWorld first = worlds.get(0);
		int victim = slotOwners().get((int) keySlot("{t:" + first.tenant.id() + "}"));
		worlds.forEach(world -> world.configure(config -> config.withEnabled(true)));
		await("the first organisation's provisioning under way").atMost(CONVERGE)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> accounts(first, "failover.") >= 10);

		cluster.kill(victim);
		Instant killed = Instant.now();
		System.out.printf("Killed Redis primary %d with %d of 60 accounts of the first organisation created%n", victim,
				accounts(first, "failover."));
		// until the others mark the primary failed (node timeout 5 s) nobody else claims
		// its slots; then its replica does
		int slot = (int) keySlot("{t:" + first.tenant.id() + "}");
		await("a replica serves the lost primary's slots").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> slotOwners().get(slot) != null && cluster.ports()
				.stream()
				.allMatch(port -> cluster.cli(port, "cluster", "info").contains("cluster_state:ok")));
		Duration failover = Duration.between(killed, Instant.now());

		await("every organisation's people linked, no work left").atMost(CONVERGE)
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				for (ProvisioningWorld world : worlds) {
					restartAFinishedRunIfSomeoneIsMissing(world, people.get(world).size());
					assertThat(world.as(() -> provisioning.linkedAccounts())).as(world.org)
						.isEqualTo(people.get(world).size());
					WorkStats.Counts counts = world.as(() -> work.current());
					assertThat(counts.pending() + counts.running()).as(world.org + ": " + counts).isZero();
				}
			});
		System.out.printf("Redis failover took %d ms; every organisation converged %d ms after the kill%n",
				failover.toMillis(), Duration.between(killed, Instant.now()).toMillis());
		for (ProvisioningWorld world : worlds) {
			world.sandbox.control("DELETE", "/sandbox/api/sharefile/" + world.org + "/faults", null);
			Map<String, Long> accounts = world.allShareFileUsers()
				.stream()
				.map(user -> ProvisioningWorld.text(user, "email").toLowerCase(Locale.ROOT))
				.filter(email -> email.startsWith("failover."))
				.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
			assertThat(accounts.keySet()).as(world.org).containsExactlyInAnyOrderElementsOf(people.get(world));
			assertThat(accounts).as(world.org).allSatisfy((email, count) -> assertThat(count).as(email).isEqualTo(1));
			assertThat(world.as(() -> work.current()).dead()).as(world.org + " dead letters").isZero();
		}
		assertThat(slotOwners().get(slot)).as("the first organisation's slot is served by the promoted replica")
			.isNotEqualTo(victim);
	}

	private static long accounts(ProvisioningWorld world, String prefix) {
		return world.allShareFileUsers()
			.stream()
			.filter(user -> ProvisioningWorld.text(user, "email").toLowerCase(Locale.ROOT).startsWith(prefix))
			.count();
	}

	/** The nodes (ports) holding the given organisations' tenant tags. */
	private Set<Integer> nodesOf(List<ProvisioningWorld> worlds) {
		Map<Integer, Integer> owners = slotOwners();
		return worlds.stream()
			.map(world -> owners.get((int) keySlot("{t:" + world.tenant.id() + "}")))
			.collect(Collectors.toSet());
	}

	private long keySlot(String key) {
		return Long.parseLong(cluster.cli(cluster.ports().get(0), "cluster", "keyslot", key));
	}

	/** Slot → the port of the primary serving it, from {@code CLUSTER SHARDS}' view. */
	private Map<Integer, Integer> slotOwners() {
		Map<Integer, Integer> owners = new HashMap<>();
		for (int port : cluster.ports()) {
			// "CLUSTER MYID" and the node's own slots from CLUSTER NODES ("myself")
			for (String line : cluster.cli(port, "cluster", "nodes").split("\n")) {
				String[] fields = line.strip().split(" ");
				if (fields.length < 9 || !fields[2].contains("myself")) {
					continue;
				}
				for (int i = 8; i < fields.length; i++) {
					String range = fields[i];
					if (range.startsWith("[")) {
						continue; // a slot being migrated
					}
					String[] ends = range.split("-");
					int from = Integer.parseInt(ends[0]);
					int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
					for (int slot = from; slot <= to; slot++) {
						owners.put(slot, port);
					}
				}
			}
		}
		return owners;
	}

}
