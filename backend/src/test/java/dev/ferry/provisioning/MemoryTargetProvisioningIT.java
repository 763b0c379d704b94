package dev.ferry.provisioning;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connection.Connections;
import dev.ferry.connector.Account;
import dev.ferry.memorytarget.MemorySpace;
import dev.ferry.memorytarget.MemoryTargetConnector;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An organisation whose target is the in-memory one (a connector that exists only in the
 * test tree, registered by one bean) is provisioned end to end from the sandbox's Okta,
 * by the same engine, queue and audit as ShareFile: the proof that adding a target needs
 * no engine change (docs/connectors.md).
 */
@FerryIntegrationTest
class MemoryTargetProvisioningIT {

	static final Duration CONVERGE = Duration.ofSeconds(30);

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Test
	void peopleAssignedInOktaGetAccountsInTheMemoryTargetWithItsOwnAttributeNames() {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		String space = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
		MemorySpace memory = MemorySpace.create(space, 100, "admin@" + space + ".example", "Admin-pass-1");
		var problems = world.as(() -> connections.saveTarget(MemoryTargetConnector.KIND,
				Map.of("space", space, "adminEmail", "admin@" + space + ".example", "adminPassword", "Admin-pass-1"),
				AuditEntry.Actor.system()));
		assertThat(problems).isEmpty();
		assertThat(world.as(() -> connections.testTarget(AuditEntry.Actor.system())).ok()).isTrue();
		// a new organisation's mappings are the memory target's own
		assertThat(world.as(() -> provisioning.config()).mappings()).extracting(ProvisioningConfig.Mapping::target)
			.containsExactlyInAnyOrder("givenName", "familyName", "mail", "department");

		assertThat(world.configure(config -> config.withEnabled(true))).isEmpty();
		world.registerHook();
		String ada = world.person("Ada", "Stone");
		world.assign(ada);
		String email = world.email("Ada", "Stone");
		await().atMost(CONVERGE).until(() -> find(memory, email).isPresent());
		Account account = find(memory, email).orElseThrow();
		assertThat(account.attributes()).containsEntry("givenName", "Ada")
			.containsEntry("familyName", "Stone")
			.containsEntry("mail", email);
		assertThat(account.employee()).isTrue();

		world.profile(ada, "{\"lastName\":\"Stone-Hale\"}");
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(find(memory, email).orElseThrow().attributes()).containsEntry("familyName",
					"Stone-Hale"));

		world.unassign(ada);
		await().atMost(CONVERGE).until(() -> find(memory, email).orElseThrow().disabled());
		world.assign(ada);
		await().atMost(CONVERGE).until(() -> !find(memory, email).orElseThrow().disabled());
	}

	/**
	 * Issue 14: a sync that looked for the person's account, found none, and then met the
	 * account another job had just created (a reconcile loading the organisation) linked
	 * it without writing its own values: the change it carried never reached the target.
	 * It now writes what differs.
	 */
	@Test
	void anAccountCreatedByAnotherJobBetweenLookUpAndCreateGetsTheSyncsValues() {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		String space = "race-" + UUID.randomUUID().toString().substring(0, 8);
		MemorySpace memory = MemorySpace.create(space, 100, "admin@" + space + ".example", "Admin-pass-1");
		assertThat(world.as(() -> connections.saveTarget(MemoryTargetConnector.KIND,
				Map.of("space", space, "adminEmail", "admin@" + space + ".example", "adminPassword", "Admin-pass-1"),
				AuditEntry.Actor.system())))
			.isEmpty();
		assertThat(world.configure(config -> config.withEnabled(true))).isEmpty();
		world.registerHook();
		String email = world.email("Rae", "Current");
		memory.createdRightAfterTheNextLookUp(email,
				Map.of("givenName", "Rae", "familyName", "Stale", "mail", email, "department", ""));
		String rae = world.person("Rae", "Current");
		world.assign(rae);

		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 1);
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(find(memory, email).orElseThrow().attributes())
				.as("Okta's last name, not the other job's")
				.containsEntry("familyName", "Current"));
	}

	private static Optional<Account> find(MemorySpace space, String email) {
		return Optional.ofNullable(space.findByEmail(email));
	}

}
