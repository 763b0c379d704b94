package dev.ferry.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.audit.AuditQuery;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Entra ID provisioning to Ferry, end to end, with and without the
 * {@code aadOptscim062020} flag: the sandbox's Entra ID-style client (docs/scim.md, "The
 * sandbox as a SCIM client") runs provisioning cycles against Ferry's SCIM endpoint in
 * Entra ID's request shapes (creates with nulls and the enterprise extension, capitalised
 * {@code Replace} with {@code "False"}, or lower-case ops, booleans and path-less dotted
 * keys; groups created without members, members added and removed by value arrays or
 * filters; DELETE for a permanent deletion) and ShareFile follows.
 */
@FerryIntegrationTest
class EntraScimClientIT {

	static final Duration CONVERGE = Duration.ofSeconds(60);

	static final int PEOPLE = 10;

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

	@ParameterizedTest(name = "aadOptscim062020 {0}")
	@ValueSource(booleans = { false, true })
	void entraProvisionsPeopleAndAGroupAndShareFileFollows(boolean flag) {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		world.configure(config -> new ProvisioningConfig(true,
				new ProvisioningConfig.Features(true, true, false, true, false, false), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(),
				new ProvisioningConfig.GroupPush(List.of("Entra Sales"), ""), config.importSettings(),
				config.deprovisioning(), new ProvisioningConfig.Safety(50, 100), config.reconcileIntervalMinutes()));
		SandboxScimClients scim = new SandboxScimClients(world, scimTokens.baseUrl(world.tenant.slug()),
				world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN)));
		String api = "/sandbox/api/entra/" + world.org;
		world.sandbox.control("PUT", api, "{\"tenantUrl\":\"" + scim.base + "\",\"secretToken\":\"" + scim.token
				+ "\",\"aadOptscim062020\":" + flag + "}");
		assertThat(json(world, "POST", api + "/test-connection", null).path("failures")).isEmpty();

		world.sandbox.control("POST", api + "/users/bulk", "{\"count\":" + PEOPLE + ",\"prefix\":\"entra\"}");
		world.sandbox.control("POST", api + "/groups", "{\"displayName\":\"Entra Sales\",\"members\":[\""
				+ upn(world, 1) + "\",\"" + upn(world, 2) + "\",\"" + upn(world, 3) + "\",\"" + upn(world, 4) + "\"]}");
		JsonNode first = json(world, "POST", api + "/cycle", null);
		assertThat(first.path("failures")).as(first.toString()).isEmpty();
		assertThat(first.path("created").asInt()).isEqualTo(PEOPLE);
		assertThat(first.path("groupsCreated").asInt()).isEqualTo(1);
		await().atMost(CONVERGE)
			.until(() -> IntStream.rangeClosed(1, PEOPLE).allMatch(n -> world.shareFileUser(upn(world, n)) != null));
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).containsEntry("Entra Sales",
					List.of(upn(world, 1), upn(world, 2), upn(world, 3), upn(world, 4))));
		JsonNode created = scim.scimUser(upn(world, 1));
		assertThat(created.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
			.path("employeeNumber")
			.asString()).isEqualTo("E000001");

		// a rename, a disable, a member removed and one added, a permanent deletion
		world.sandbox.control("PATCH", api + "/users/" + upn(world, 1), "{\"givenName\":\"Renamed\"}");
		world.sandbox.control("PATCH", api + "/users/" + upn(world, 6), "{\"accountEnabled\":false}");
		world.sandbox.control("PATCH", api + "/groups/Entra%20Sales",
				"{\"removeMembers\":[\"" + upn(world, 3) + "\"],\"addMembers\":[\"" + upn(world, 5) + "\"]}");
		String deletedId = scim.scimUser(upn(world, 7)).path("id").asString();
		world.sandbox.control("DELETE", api + "/users/" + upn(world, 7) + "?permanent=true", null);
		JsonNode second = json(world, "POST", api + "/cycle", null);
		assertThat(second.path("failures")).as(second.toString()).isEmpty();
		assertThat(second.path("deleted").asInt()).isEqualTo(1);

		assertThat(scim.scimUser(upn(world, 6)).path("active").isBoolean()).as("stored as a boolean").isTrue();
		assertThat(scim.scimUser(upn(world, 6)).path("active").asBoolean(true)).isFalse();
		assertThat(scim.scim("GET", "/Users/" + deletedId, null).statusCode()).isEqualTo(404);
		await().atMost(CONVERGE)
			.until(() -> "Renamed".equals(ProvisioningWorld.text(world.shareFileUser(upn(world, 1)), "firstName")));
		await().atMost(CONVERGE).until(() -> ProvisioningWorld.disabled(world.shareFileUser(upn(world, 6))));
		await().atMost(CONVERGE).until(() -> ProvisioningWorld.disabled(world.shareFileUser(upn(world, 7))));
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(world.shareFileGroups()).containsEntry("Entra Sales",
					List.of(upn(world, 1), upn(world, 2), upn(world, 4), upn(world, 5))));

		// the group deleted in Entra ID: gone from the directory and retired in ShareFile
		// (another group remains: a source that lists no groups at all retires nothing)
		world.sandbox.control("POST", api + "/groups", "{\"displayName\":\"Entra Other\"}");
		assertThat(json(world, "POST", api + "/cycle", null).path("groupsCreated").asInt()).isEqualTo(1);
		world.sandbox.control("DELETE", api + "/groups/Entra%20Sales", null);
		JsonNode third = json(world, "POST", api + "/cycle", null);
		assertThat(third.path("failures")).as(third.toString()).isEmpty();
		assertThat(third.path("groupsDeleted").asInt()).isEqualTo(1);
		await().atMost(CONVERGE).until(() -> !world.shareFileGroups().containsKey("Entra Sales"));

		assertThat(world.as(() -> audit.page("scim.user", null, 50))).isNotEmpty()
			.allSatisfy(write -> assertThat(write.actorType()).isEqualTo("SCIM"))
			.extracting(write -> write.action())
			.contains("scim.user.created", "scim.user.patched", "scim.user.deleted");
	}

	private static JsonNode json(ProvisioningWorld world, String method, String path, String body) {
		return ProvisioningWorld.JSON.readTree(world.sandbox.control(method, path, body));
	}

	private static String upn(ProvisioningWorld world, int n) {
		return String.format(Locale.ROOT, "entra.%06d@%s.example", n, world.org.toLowerCase(Locale.ROOT));
	}

}
