package dev.ferry.provisioning;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import dev.ferry.connection.Connections;
import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.GroupOps;
import dev.ferry.system.Problem;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Push Groups (by name and by pattern, members added and removed through the hook,
 * renames, deleted and no longer chosen groups, bad patterns) and Import New Users
 * (matching and creation), against the sandbox.
 */
@FerryIntegrationTest
class GroupsAndImportIT {

	static final Duration CONVERGE = Duration.ofSeconds(60);

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	MessageSource messages;

	ProvisioningWorld world;

	@BeforeEach
	void world() {
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
	}

	@Test
	void anOktaGroupBecomesAShareFileGroupWithTheSameMembers() {
		world.sandbox.control("POST", "/sandbox/api/okta/" + world.org + "/groups", "{\"name\":\"Designers\"}");
		String gus = world.person("Gus", "Berg");
		String hana = world.person("Hana", "Costa");
		String ivan = world.person("Ivan", "Nash");
		for (String person : List.of(gus, hana, ivan)) {
			world.assign(person);
		}
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/groups/Designers/users/" + gus, null);
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/groups/Designers/users/" + hana, null);
		world.configure(config -> new ProvisioningConfig(true,
				new ProvisioningConfig.Features(true, true, true, true, false, false), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(),
				new ProvisioningConfig.GroupPush(List.of("Designers"), ""), config.importSettings(),
				config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes()));
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(members("Designers")).hasSize(2));

		world.sandbox.control("DELETE", "/sandbox/api/okta/" + world.org + "/groups/Designers/users/" + gus, null);
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/groups/Designers/users/" + ivan, null);
		world.as(() -> provisioning.startRun(false, ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(members("Designers")).containsExactlyInAnyOrder(
					"hana.costa@" + world.org + ".example", "ivan.nash@" + world.org + ".example"));
	}

	@Test
	void groupsChosenByAPatternArePushedAndOthersAreNot() {
		for (String group : List.of("Sales-EMEA", "sales-us", "Presales", "Marketing")) {
			world.oktaGroup(group);
		}
		String ana = world.person("Ana", "Ruiz");
		String ben = world.person("Ben", "Okafor");
		world.assign(ana);
		world.assign(ben);
		world.addToGroup("Sales-EMEA", ana);
		world.addToGroup("sales-us", ben);
		world.addToGroup("Presales", ana);
		world.addToGroup("Marketing", ben);

		assertThat(world.pushGroups(new ProvisioningConfig.GroupPush(List.of(), List.of("Sales-*"), ""))).isEmpty();

		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).isEqualTo(Map.of("Sales-EMEA",
					List.of(world.email("Ana", "Ruiz")), "sales-us", List.of(world.email("Ben", "Okafor")))));
		// and it stays that way: Presales and Marketing are never pushed
		await().during(Duration.ofSeconds(3))
			.atMost(CONVERGE)
			.until(() -> world.shareFileGroups().keySet().equals(java.util.Set.of("Sales-EMEA", "sales-us")));
	}

	@Test
	void addingAndRemovingAMemberInOktaReachesShareFileThroughTheHookWithoutAReconcile() {
		world.registerHook();
		String designers = world.oktaGroup("Designers");
		String gus = world.person("Gus", "Berg");
		String hana = world.person("Hana", "Costa");
		world.assign(gus);
		world.assign(hana);
		world.addToGroup(designers, gus);
		world.pushGroups(new ProvisioningConfig.GroupPush(List.of("Designers"), ""));
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).containsEntry("Designers",
					List.of(world.email("Gus", "Berg"))));
		long reconciles = reconciles();

		world.addToGroup(designers, hana);
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).containsEntry("Designers",
					List.of(world.email("Gus", "Berg"), world.email("Hana", "Costa"))));
		world.removeFromGroup(designers, gus);
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).containsEntry("Designers",
					List.of(world.email("Hana", "Costa"))));

		assertThat(reconciles()).as("no reconcile was started; runs: %s", world.as(() -> provisioning.latestRuns(20)))
			.isEqualTo(reconciles);
		assertThat(world.as(() -> provisioning.latestRuns(50))).filteredOn(run -> run.kind() == RunKind.GROUPS)
			.extracting(RunSummary::trigger)
			.as("pushes started by the hook's membership events")
			.anyMatch(trigger -> trigger.startsWith("group.user_membership."));
	}

	@Test
	void aRenamedOktaGroupIsRenamedInShareFileWhetherChosenByNameOrByPattern() throws Exception {
		world.registerHook();
		String designers = world.oktaGroup("Designers");
		String sales = world.oktaGroup("Sales-EMEA");
		String ivy = world.person("Ivy", "Lund");
		world.assign(ivy);
		world.addToGroup(designers, ivy);
		world.addToGroup(sales, ivy);
		world.pushGroups(new ProvisioningConfig.GroupPush(List.of("Designers"), List.of("Sales-*"), "Okta - "));
		List<String> members = List.of(world.email("Ivy", "Lund"));
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups())
				.isEqualTo(Map.of("Okta - Designers", members, "Okta - Sales-EMEA", members)));

		world.renameOktaGroup(designers, "Design Team");
		world.renameOktaGroup(sales, "Sales-Europe");

		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups())
				.isEqualTo(Map.of("Okta - Design Team", members, "Okta - Sales-Europe", members)));
	}

	@Test
	void aDeletedOrNoLongerChosenOktaGroupRemovesTheShareFileGroupFerryMade() throws Exception {
		world.registerHook();
		String designers = world.oktaGroup("Designers");
		world.oktaGroup("Sales-EMEA");
		world.oktaGroup("Sales-US");
		String jo = world.person("Jo", "Park");
		world.assign(jo);
		for (String group : List.of("Designers", "Sales-EMEA", "Sales-US")) {
			world.addToGroup(group, jo);
		}
		world.pushGroups(new ProvisioningConfig.GroupPush(List.of("Designers"), List.of("Sales-*"), ""));
		await().atMost(CONVERGE)
			.untilAsserted(
					() -> assertThat(world.shareFileGroups()).containsOnlyKeys("Designers", "Sales-EMEA", "Sales-US"));

		world.deleteOktaGroup(designers);
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).containsOnlyKeys("Sales-EMEA", "Sales-US"));

		world.pushGroups(new ProvisioningConfig.GroupPush(List.of(), List.of("Sales-EMEA"), ""));
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).containsOnlyKeys("Sales-EMEA"));
		assertThat(world.shareFileUser(world.email("Jo", "Park"))).as("members keep their accounts").isNotNull();

		List<String> deletions = new java.util.ArrayList<>();
		world.as(() -> {
			for (RunSummary run : provisioning.latestRuns(50)) {
				provisioning.operations(run.id(), OperationStatus.APPLIED, 100)
					.stream()
					.filter(operation -> operation.op().equals("DELETE_GROUP"))
					.forEach(operation -> deletions.add(operation.label() + ": " + operation.changes()));
			}
		});
		assertThat(deletions).as("recorded on the runs, with why")
			.hasSize(2)
			.anyMatch(deletion -> deletion.startsWith("Designers: ")
					&& deletion.contains("deleted in the identity source"))
			.anyMatch(deletion -> deletion.startsWith("Sales-US: ") && deletion.contains("no longer chosen"));
	}

	@Test
	void aShareFileGroupFerryAdoptedIsOnlyEmptiedWhenItsOktaGroupIsDeleted() throws Exception {
		world.registerHook();
		String finance = world.oktaGroup("Finance");
		String kim = world.person("Kim", "Lee");
		world.assign(kim);
		world.addToGroup(finance, kim);
		// a ShareFile admin made a Finance group before Ferry, with someone Okta does not
		// know
		String carl = "carl.moss@" + world.org + ".example";
		world.sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users", "{\"email\":\"" + carl
				+ "\",\"firstName\":\"Carl\",\"lastName\":\"Moss\",\"employee\":true,\"password\":\"Share-pass-1\"}");
		GroupOps admin = world.shareFileAdmin().require(GroupOps.class);
		AccountTarget accounts = world.shareFileAdmin();
		AccountGroup made = admin.createGroup("Finance", List.of(accounts.findByEmail(carl).orElseThrow().id()));

		world.pushGroups(new ProvisioningConfig.GroupPush(List.of("Finance"), ""));
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups())
				.isEqualTo(Map.of("Finance", List.of(world.email("Kim", "Lee")))));
		assertThat(admin.groups()).extracting(AccountGroup::id)
			.as("adopted, not duplicated")
			.containsExactly(made.id());

		world.deleteOktaGroup(finance);
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).isEqualTo(Map.of("Finance", List.of())));
		assertThat(admin.groups()).extracting(AccountGroup::id)
			.as("kept for the admin who made it")
			.containsExactly(made.id());
	}

	@Test
	void aBadPatternIsRefusedOnSaveWithAClearMessageAndNothingIsSaved() {
		int version = world.as(() -> provisioning.configVersion());

		Map<String, String> problems = text(world
			.pushGroups(new ProvisioningConfig.GroupPush(List.of("Designers"), List.of("Sales-*", "^Sales.*"), "")));

		assertThat(problems).containsOnlyKeys("groupPush.patterns");
		assertThat(problems.get("groupPush.patterns")).contains("\"^Sales.*\"", "'^' is not pattern syntax",
				"Patterns are not regular expressions", "Sales-*");
		assertThat(world.as(() -> provisioning.configVersion())).isEqualTo(version);
		assertThat(world.as(() -> provisioning.config().groupPush()))
			.isEqualTo(ProvisioningConfig.defaults(provisioning.targetSchema()).groupPush());
		assertThat(text(world.pushGroups(new ProvisioningConfig.GroupPush(List.of(), List.of("*"), ""))))
			.hasEntrySatisfying("groupPush.patterns",
					problem -> assertThat(problem).contains("every group of the identity source"));
		assertThat(world.as(() -> provisioning.configVersion())).isEqualTo(version);
	}

	/** The problems as the settings page shows them: resolved from the message bundle. */
	private Map<String, String> text(Map<String, Problem> problems) {
		Map<String, String> text = new LinkedHashMap<>();
		problems.forEach((field, problem) -> text.put(field, messages.getMessage(problem, Locale.ENGLISH)));
		return text;
	}

	private long reconciles() {
		return world.as(() -> provisioning.latestRuns(100))
			.stream()
			.filter(run -> run.kind() == RunKind.RECONCILE)
			.count();
	}

	@Test
	void aDryRunShowsTheGroupPushAndTheImportItWouldStartAndChangesNothing() {
		String designers = world.oktaGroup("Designers");
		String gus = world.person("Gus", "Berg");
		world.assign(gus);
		world.addToGroup(designers, gus);
		world.sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users", "{\"email\":\"kai.vance@"
				+ world.org
				+ ".example\",\"firstName\":\"Kai\",\"lastName\":\"Vance\",\"employee\":true,\"password\":\"Share-pass-1\"}");
		// provisioning off: the dry run shows what turning it on would do
		world.configure(config -> new ProvisioningConfig(false,
				new ProvisioningConfig.Features(true, true, true, true, true, false), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(),
				new ProvisioningConfig.GroupPush(List.of("Designers"), ""),
				new ProvisioningConfig.ImportSettings(config.importSettings().matchOrder(),
						ProvisioningConfig.ImportSettings.CreateInSource.STAGED, false),
				config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes()));

		RunId run = world.as(() -> provisioning.startRun(true, ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.run(run)).orElseThrow().finished());
		RunSummary summary = world.as(() -> provisioning.run(run)).orElseThrow();
		assertThat(summary.status()).isEqualTo(RunStatus.DONE);
		List<RecordedOperation> planned = world.as(() -> provisioning.operations(run, OperationStatus.PLANNED, 100));
		// the group as it would be pushed with the accounts linked now (Gus has none yet)
		assertThat(planned).extracting(operation -> operation.op() + " " + operation.label())
			.contains("CREATE_ACCOUNT Gus Berg <" + world.email("Gus", "Berg") + ">", "CREATE_GROUP Designers",
					"IMPORT_IDENTITY kai.vance@" + world.org + ".example");
		assertThat(summary.planned()).isEqualTo(planned.size());
		assertThat(summary.message()).isEqualTo("Dry run: " + planned.size() + " operation(s) would be applied.");
		assertThat(world.shareFileGroups()).isEmpty();
		assertThat(world.as(() -> provisioning.linkedAccounts())).isZero();
	}

	@Test
	void shareFileAccountsAreMatchedToOktaPeopleOrCreatedInOktaAfterApproval() throws Exception {
		String jade = world.person("Jade", "Ito");
		world.sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users", "{\"email\":\"jade.ito@"
				+ world.org
				+ ".example\",\"firstName\":\"Jade\",\"lastName\":\"Ito\",\"employee\":true,\"password\":\"Share-pass-1\"}");
		world.sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users", "{\"email\":\"kai.vance@"
				+ world.org
				+ ".example\",\"firstName\":\"Kai\",\"lastName\":\"Vance\",\"employee\":false,\"password\":\"Share-pass-1\"}");
		world.configure(config -> new ProvisioningConfig(false,
				new ProvisioningConfig.Features(true, true, true, false, true, false), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(), config.groupPush(),
				new ProvisioningConfig.ImportSettings(config.importSettings().matchOrder(),
						ProvisioningConfig.ImportSettings.CreateInSource.STAGED, true),
				config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes()));
		world.as(() -> provisioning.startImport(ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.as(() -> provisioning.importCandidates()))
				.extracting(Provisioning.ImportCandidate::action)
				.containsExactlyInAnyOrder("MATCH", "CREATE"));
		assertThat(world.as(() -> provisioning.linkedAccounts())).as("nothing before approval").isZero();

		List<String> accounts = world.as(() -> provisioning.importCandidates())
			.stream()
			.map(Provisioning.ImportCandidate::accountId)
			.toList();
		world.as(() -> provisioning.decideImport(accounts, true, ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 2);
		JsonNode kai = world.oktaUser("kai.vance@" + world.org + ".example");
		assertThat(kai.path("status").asString()).isEqualTo("STAGED");
		world.registerHook();
		world.as(() -> connections.registerPasswordImportHook(ProvisioningWorld.ADMIN));
		JsonNode wrong = ProvisioningWorld.JSON.readTree(world.sandbox.control("POST",
				"/sandbox/api/okta/" + world.org + "/users/kai.vance@" + world.org + ".example/first-sign-in",
				"{\"password\":\"Not-the-pass-1\"}"));
		assertThat(wrong.path("verified").asBoolean()).isFalse();
		JsonNode signIn = ProvisioningWorld.JSON.readTree(world.sandbox.control("POST",
				"/sandbox/api/okta/" + world.org + "/users/kai.vance@" + world.org + ".example/first-sign-in",
				"{\"password\":\"Share-pass-1\"}"));
		assertThat(signIn.path("verified").asBoolean()).as("Kai keeps the ShareFile password in Okta").isTrue();
		assertThat(jade).isNotBlank();
	}

	private List<String> members(String group) {
		JsonNode groups = ProvisioningWorld.JSON
			.readTree(world.sandbox.control("GET", "/sandbox/api/sharefile/" + world.org + "/groups", null));
		for (JsonNode candidate : groups.isArray() ? groups : groups.path("groups")) {
			if (group.equals(candidate.path("name").asString(candidate.path("Name").asString("")))) {
				List<String> emails = new java.util.ArrayList<>();
				JsonNode members = candidate.path("members").isMissingNode() ? candidate.path("Contacts")
						: candidate.path("members");
				members.forEach(member -> emails.add(member.path("email").asString(member.path("Email").asString(""))));
				return emails;
			}
		}
		return List.of();
	}

}
