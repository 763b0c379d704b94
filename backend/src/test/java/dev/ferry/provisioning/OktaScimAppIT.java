package dev.ferry.provisioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.AuditRecord;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Okta's SCIM app pushing to Ferry, end to end: the sandbox's Okta, with SCIM
 * provisioning on its ShareFile app pointed at Ferry's SCIM base URL, sends what real
 * Okta sends for each admin action (docs/scim.md, "The sandbox as a SCIM client"), and
 * ShareFile follows through Ferry's normal queue: 500 people assigned at once and three
 * pushed groups become 500 accounts and three distribution groups; a profile change, a
 * deactivation (the account disabled, the default policy), a reactivation and a password
 * change follow; Okta's Import finds everyone; every SCIM write is on the audit trail
 * with the identity provider as actor.
 */
@FerryIntegrationTest
class OktaScimAppIT {

	static final Duration CONVERGE = Duration.ofSeconds(120);

	static final int PEOPLE = 500;

	static final String PASSWORD = "Okta-Synced-7Qx";

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	ScimTokens scimTokens;

	@Autowired
	AuditQuery audit;

	@Test
	void fiveHundredPeopleAndThreeGroupsPushedByOktaBecomeShareFileAccountsAndGroups() {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		// passwords pushed only for the password step: an Okta create carries a random
		// one, and setting it waits for the account
		world.configure(features(false));
		SandboxScimClients clients = new SandboxScimClients(world, scimTokens.baseUrl(world.tenant.slug()),
				world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN)));
		clients.registerOktaApp("OIN");

		Map<String, List<Integer>> groups = Map.of("Okta G1", range(1, 100), "Okta G2", range(101, 250), "Okta G3",
				concat(range(1, 50), range(451, 500)));
		world.sandbox.control("POST", "/sandbox/api/okta/" + world.org + "/users/bulk",
				"{\"count\":" + PEOPLE + ",\"prefix\":\"load\"}");
		Map<String, String> groupIds = new java.util.HashMap<>();
		groups.forEach((name, people) -> {
			String id = world.oktaGroup(name);
			groupIds.put(name, id);
			people.forEach(n -> world.addToGroup(id, login(world, n)));
		});
		long started = System.nanoTime();
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/apps/ShareFile/groups/Everyone", null);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("Okta answers before it provisions")
			.isLessThan(Duration.ofSeconds(5));
		groupIds.values()
			.forEach(id -> world.sandbox.control("PUT",
					"/sandbox/api/okta/" + world.org + "/apps/ShareFile/scim/groups/" + id, null));
		clients.oktaIdle();
		assertThat(SandboxScimClients.failures(clients.oktaCalls(0))).isEmpty();

		await().atMost(CONVERGE).until(() -> accounts(world).size() == PEOPLE);
		Map<String, List<String>> expected = new java.util.TreeMap<>();
		groups
			.forEach((name, people) -> expected.put(name, people.stream().map(n -> login(world, n)).sorted().toList()));
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(world.shareFileGroups()).isEqualTo(expected));

		// a profile change: Okta reads the user back and PUTs it whole
		long mark = clients.lastOktaCall();
		world.profile(login(world, 1), "{\"firstName\":\"Renamed\"}");
		clients.oktaIdle();
		assertThat(clients.oktaCalls(mark)).extracting(call -> call.path("method").asString())
			.containsExactly("GET", "PUT");
		await().atMost(CONVERGE)
			.until(() -> "Renamed".equals(ProvisioningWorld.text(world.shareFileUser(login(world, 1)), "firstName")));

		// deactivated in Okta: active false, and the account disabled (the default
		// policy); activated again: enabled
		lifecycle(world, 2, "deactivate");
		clients.oktaIdle();
		await().atMost(CONVERGE).until(() -> ProvisioningWorld.disabled(world.shareFileUser(login(world, 2))));
		assertThat(clients.scimUser(login(world, 2)).path("active").asBoolean(true)).isFalse();
		lifecycle(world, 2, "activate");
		clients.oktaIdle();
		await().atMost(CONVERGE).until(() -> !ProvisioningWorld.disabled(world.shareFileUser(login(world, 2))));

		// a password set in Okta, with Sync Password: set in ShareFile
		world.configure(features(true));
		assertThat(clients.shareFileSignIn(login(world, 3), PASSWORD)).isNotEqualTo(200);
		JsonNode changed = ProvisioningWorld.JSON.readTree(world.sandbox.control("POST",
				"/sandbox/api/okta/" + world.org + "/users/" + login(world, 3) + "/password",
				"{\"password\":\"" + PASSWORD + "\"}"));
		assertThat(changed.path("queued")).hasSize(1);
		clients.oktaIdle();
		await().atMost(CONVERGE).until(() -> clients.shareFileSignIn(login(world, 3), PASSWORD) == 200);

		// Import: Okta pages through Ferry's users and groups and matches everyone
		JsonNode imported = ProvisioningWorld.JSON.readTree(
				world.sandbox.control("POST", "/sandbox/api/okta/" + world.org + "/apps/ShareFile/scim/import", null));
		assertThat(imported.path("users")).hasSize(PEOPLE);
		assertThat(imported.path("matched").asInt()).isEqualTo(PEOPLE);
		assertThat(imported.path("groups").findValuesAsString("displayName")).containsExactlyInAnyOrder("Okta G1",
				"Okta G2", "Okta G3");
		assertThat(SandboxScimClients.failures(clients.oktaCalls(0))).isEmpty();

		for (String action : List.of("scim.user.created", "scim.user.replaced", "scim.user.patched",
				"scim.group.created", "scim.group.patched")) {
			List<AuditRecord> writes = world.as(() -> audit.page(action, null, 5));
			assertThat(writes).as(action).isNotEmpty().allSatisfy(write -> {
				assertThat(write.actorType()).isEqualTo("SCIM");
				assertThat(write.details()).doesNotContain(PASSWORD);
			});
		}
		assertThat(world.as(() -> audit.page("scim.group.created", null, 10))).hasSize(3);
	}

	private static UnaryOperator<ProvisioningConfig> features(boolean pushPasswords) {
		return config -> new ProvisioningConfig(true,
				new ProvisioningConfig.Features(true, true, pushPasswords, true, false, false), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(),
				new ProvisioningConfig.GroupPush(List.of("Okta G1", "Okta G2", "Okta G3"), ""), config.importSettings(),
				config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes());
	}

	private static List<String> accounts(ProvisioningWorld world) {
		return world.allShareFileUsers()
			.stream()
			.map(user -> ProvisioningWorld.text(user, "email"))
			.filter(email -> email.startsWith("load."))
			.toList();
	}

	private static void lifecycle(ProvisioningWorld world, int n, String operation) {
		world.sandbox.control("POST",
				"/sandbox/api/okta/" + world.org + "/users/" + login(world, n) + "/lifecycle/" + operation, null);
	}

	static String login(ProvisioningWorld world, int n) {
		return String.format(Locale.ROOT, "load.%06d@%s.example", n, world.org);
	}

	private static List<Integer> range(int from, int to) {
		List<Integer> numbers = new ArrayList<>();
		for (int n = from; n <= to; n++) {
			numbers.add(n);
		}
		return numbers;
	}

	private static List<Integer> concat(List<Integer> a, List<Integer> b) {
		List<Integer> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
