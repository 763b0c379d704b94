package dev.ferry.provisioning;

import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.connection.Connections;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push Groups (adds and removes) and Import New Users (matching and creation), against the sandbox. */
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
				config.scope(), config.userTypes(), config.mappings(), new ProvisioningConfig.GroupPush(List.of("Designers"), ""),
				config.importSettings(), config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes()));
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(members("Designers")).hasSize(2));

		world.sandbox.control("DELETE", "/sandbox/api/okta/" + world.org + "/groups/Designers/users/" + gus, null);
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/groups/Designers/users/" + ivan, null);
		world.as(() -> provisioning.startRun(false, ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(members("Designers"))
			.containsExactlyInAnyOrder("hana.costa@" + world.org + ".example", "ivan.nash@" + world.org + ".example"));
	}

	@Test
	void shareFileAccountsAreMatchedToOktaPeopleOrCreatedInOktaAfterApproval() throws Exception {
		String jade = world.person("Jade", "Ito");
		world.sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users", "{\"email\":\"jade.ito@" + world.org
				+ ".example\",\"firstName\":\"Jade\",\"lastName\":\"Ito\",\"employee\":true,\"password\":\"Share-pass-1\"}");
		world.sandbox.control("POST", "/sandbox/api/sharefile/" + world.org + "/users", "{\"email\":\"kai.vance@" + world.org
				+ ".example\",\"firstName\":\"Kai\",\"lastName\":\"Vance\",\"employee\":false,\"password\":\"Share-pass-1\"}");
		world.configure(config -> new ProvisioningConfig(false,
				new ProvisioningConfig.Features(true, true, true, false, true, false), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(), config.groupPush(),
				new ProvisioningConfig.ImportSettings(config.importSettings().matchOrder(),
						ProvisioningConfig.ImportSettings.CreateInOkta.STAGED, true),
				config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes()));
		world.as(() -> provisioning.startImport(ProvisioningWorld.ADMIN));
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(world.as(() -> provisioning.importCandidates()))
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
		JsonNode wrong = ProvisioningWorld.JSON.readTree(world.sandbox.control("POST", "/sandbox/api/okta/" + world.org
				+ "/users/kai.vance@" + world.org + ".example/first-sign-in", "{\"password\":\"Not-the-pass-1\"}"));
		assertThat(wrong.path("verified").asBoolean()).isFalse();
		JsonNode signIn = ProvisioningWorld.JSON.readTree(world.sandbox.control("POST", "/sandbox/api/okta/" + world.org
				+ "/users/kai.vance@" + world.org + ".example/first-sign-in", "{\"password\":\"Share-pass-1\"}"));
		assertThat(signIn.path("verified").asBoolean()).as("Kai keeps the ShareFile password in Okta").isTrue();
		assertThat(jade).isNotBlank();
	}

	private List<String> members(String group) {
		JsonNode groups = ProvisioningWorld.JSON.readTree(world.sandbox.control("GET", "/sandbox/api/sharefile/" + world.org
				+ "/groups", null));
		for (JsonNode candidate : groups.isArray() ? groups : groups.path("groups")) {
			if (group.equals(candidate.path("name").asString(candidate.path("Name").asString("")))) {
				List<String> emails = new java.util.ArrayList<>();
				JsonNode members = candidate.path("members").isMissingNode() ? candidate.path("Contacts") : candidate.path("members");
				members.forEach(member -> emails.add(member.path("email").asString(member.path("Email").asString(""))));
				return emails;
			}
		}
		return List.of();
	}

}
