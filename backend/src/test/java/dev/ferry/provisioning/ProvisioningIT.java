package dev.ferry.provisioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.audit.AuditQuery;
import dev.ferry.connection.Connections;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Provisioning end to end, against real PostgreSQL, Redis and the sandbox: changes in the
 * sandbox's Okta reach Ferry through its event hook and end up in the sandbox's
 * ShareFile.
 */
@FerryIntegrationTest
class ProvisioningIT {

	static final Duration CONVERGE = Duration.ofSeconds(30);

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	AuditQuery audit;

	ProvisioningWorld world;

	@BeforeEach
	void world() {
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
	}

	@Test
	void anAssignedPersonGetsAnAccountAndAProfileChangeSendsOnlyTheChangedField() {
		assertThat(world.configure(config -> config.withEnabled(true))).isEmpty();
		world.registerHook();
		String ada = world.person("Ada", "Stone");
		world.assign(ada);
		String email = "ada.stone@" + world.org + ".example";
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(world.shareFileUser(email)).isNotNull());
		JsonNode account = world.shareFileUser(email);
		assertThat(ProvisioningWorld.text(account, "firstName")).isEqualTo("Ada");

		long mark = world.mark();
		world.profile(ada, "{\"lastName\":\"Stone-Hale\"}");
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(ProvisioningWorld.text(world.shareFileUser(email), "lastName"))
				.isEqualTo("Stone-Hale"));
		List<JsonNode> writes = new ArrayList<>();
		for (JsonNode request : world.shareFileRequestsAfter(mark)) {
			String method = request.path("method").asString();
			if (!"GET".equals(method) && !request.path("path").asString().contains("/oauth/")) {
				writes.add(request);
			}
		}
		assertThat(writes).as("exactly one write").hasSize(1);
		assertThat(writes.get(0).path("method").asString()).isIn("PATCH", "POST");
		assertThat(writes.get(0).path("body").asString()).contains("\"LastName\":\"Stone-Hale\"")
			.doesNotContain("FirstName")
			.doesNotContain("Email");

		long quiet = world.mark();
		world.profile(ada, "{\"nickName\":\"Ace\"}");
		// an attribute no mapping uses changes nothing in ShareFile: no write, for as
		// long as a change takes
		await().during(Duration.ofSeconds(3))
			.atMost(CONVERGE)
			.until(() -> world.shareFileRequestsAfter(quiet)
				.stream()
				.noneMatch(r -> !"GET".equals(r.path("method").asString())
						&& !r.path("path").asString().contains("/oauth/")));

		world.unassign(ada);
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(ProvisioningWorld.disabled(world.shareFileUser(email))).isTrue());
		world.assign(ada);
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(ProvisioningWorld.disabled(world.shareFileUser(email))).isFalse());
	}

	@Test
	void withoutAnEventHookTheSystemLogPollerCarriesTheChange() {
		world.configure(config -> config.withEnabled(true));
		// the reconcile that turning provisioning on starts must be over, or it could
		// provision Omar itself
		// and the test would pass with the poller switched off
		await().atMost(CONVERGE)
			.until(() -> world.as(() -> provisioning.latestRuns(10))
				.stream()
				.anyMatch(run -> run.kind() == RunKind.RECONCILE && run.finished()));
		// no hook registered: only the scheduler's System Log polling can notice this
		// assignment
		String omar = world.person("Omar", "Silva");
		world.assign(omar);
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileUser("omar.silva@" + world.org + ".example")).isNotNull());
		assertThat(world.as(() -> provisioning.latestRuns(10))).as("provisioned by a sync the System Log started")
			.anyMatch(run -> run.kind() == RunKind.PERSON && "system-log".equals(run.trigger()));
	}

	@Test
	void turningProvisioningOnProvisionsEveryoneAlreadyAssigned() {
		List<String> people = List.of(world.person("Ben", "Reed"), world.person("Cara", "Hale"),
				world.person("Dev", "Patel"));
		people.forEach(world::assign);
		assertThat(world.shareFileUser("ben.reed@" + world.org + ".example")).isNull();
		world.configure(config -> config.withEnabled(true));
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(world.shareFileUser("ben.reed@" + world.org + ".example")).isNotNull();
			assertThat(world.shareFileUser("cara.hale@" + world.org + ".example")).isNotNull();
			assertThat(world.shareFileUser("dev.patel@" + world.org + ".example")).isNotNull();
			// a reconcile calls ShareFile first and commits the links in batches after,
			// so links trail the accounts
			assertThat(world.as(() -> provisioning.linkedAccounts())).isEqualTo(3);
		});
		// the reconcile's writer chains its audit events in batches: the chain must still
		// verify
		assertThat(world.as(() -> audit.verifyAll().firstBroken())).isEqualTo(-1L);
	}

	@Test
	void aGroupAssignedToTheAppAtOnceIsProvisionedByOneReconcileNotOneCheckPerPerson() {
		world.configure(config -> config.withEnabled(true));
		world.registerHook();
		await().atMost(CONVERGE)
			.until(() -> world.as(() -> provisioning.latestRuns(10)).stream().allMatch(RunSummary::finished));
		long mark = world.mark();
		int people = 150;
		world.assignedPeople(people, "burst");
		await().atMost(Duration.ofSeconds(90)).until(() -> world.as(() -> provisioning.linkedAccounts()) == people);
		assertThat(world.as(() -> provisioning.latestRuns(50))).anyMatch(run -> run.trigger().startsWith("burst:"));
		// each single sync would check that person's assignment in Okta's apps quota (100
		// a minute)
		long assignmentChecks = world.oktaRequestsAfter(mark)
			.stream()
			.filter(request -> request.path("path").asString().matches(".*/api/v1/apps/[^/]+/users/[^/]+"))
			.count();
		assertThat(assignmentChecks).as("single assignment checks").isLessThan(people / 2);
	}

	@Test
	void aDryRunShowsThePlanAndChangesNothing() {
		world.assign(world.person("Eli", "Moss"));
		world.configure(config -> config.withEnabled(true).withEnabled(false));
		var run = world.as(() -> provisioning.startRun(true, ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.run(run)).orElseThrow().finished());
		var operations = world.as(() -> provisioning.operations(run, null, 100));
		assertThat(operations).extracting(RecordedOperation::op).contains("CREATE_ACCOUNT");
		assertThat(operations.get(0).changes()).contains("Eli");
		assertThat(world.shareFileUser("eli.moss@" + world.org + ".example")).isNull();
	}

	@Test
	void aMassUnassignmentIsHeldForApproval() {
		List<String> people = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String id = world.person("Mass" + i, "Person");
			people.add(id);
			world.assign(id);
		}
		world.configure(config -> new ProvisioningConfig(true, config.features(), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(), config.groupPush(), config.importSettings(),
				config.deprovisioning(), new ProvisioningConfig.Safety(5, 2), config.reconcileIntervalMinutes()));
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 6);
		people.forEach(world::unassign);
		// the System Log poller sees every unassignment; the reconcile plans them all:
		// either way, no more than
		// the threshold (max(1, min(2, 5% of 6)) = 1) is disabled, and the rest waits for
		// an approval
		world.as(() -> provisioning.startRun(false, ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE)
			.until(() -> world.as(() -> provisioning.latestRuns(50))
				.stream()
				.anyMatch(run -> run.status() == RunStatus.HELD && run.kind() == RunKind.RECONCILE));
		// no more than the threshold before approval, for as long as the poller's syncs
		// take to arrive
		await().during(Duration.ofSeconds(3))
			.atMost(CONVERGE)
			.until(() -> world.shareFileUsers()
				.stream()
				.filter(user -> ProvisioningWorld.text(user, "email").startsWith("mass")
						&& ProvisioningWorld.disabled(user))
				.count() <= 1);
		RunSummary held = world.as(() -> provisioning.latestRuns(50))
			.stream()
			.filter(run -> run.status() == RunStatus.HELD && run.kind() == RunKind.RECONCILE)
			.findFirst()
			.orElseThrow();
		assertThat(held.held()).isGreaterThanOrEqualTo(5);
		world.as(() -> provisioning.approveHeld(held.id(), ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE)
			.until(() -> world.shareFileUsers()
				.stream()
				.filter(user -> ProvisioningWorld.text(user, "email").startsWith("mass")
						&& ProvisioningWorld.disabled(user))
				.count() == 6);
	}

}
