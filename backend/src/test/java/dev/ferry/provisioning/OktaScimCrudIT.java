package dev.ferry.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Okta's published "SCIM 2.0 CRUD Test" (docs/scim.md, "Proof"), replayed as Okta's suite
 * drives it: each step changes the Okta org through its management API (SSWS), and its
 * assertion reads Ferry's SCIM endpoint. Okta's own SCIM client (the sandbox's) carries
 * the change in between. The suite waits 20 to 40 s before each assertion; here each
 * assertion is polled until it holds, within a deadline.
 */
@FerryIntegrationTest
class OktaScimCrudIT {

	static final Duration STEP = Duration.ofSeconds(40);

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

	final HttpClient http = HttpClient.newHttpClient();

	ProvisioningWorld world;

	@Test
	void oktasCrudSuitePassesAgainstFerry() throws Exception {
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		world.configure(config -> config.withEnabled(true));
		SandboxScimClients scim = new SandboxScimClients(world, scimTokens.baseUrl(world.tenant.slug()),
				world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN)));
		scim.registerOktaApp("OIN");
		String app = okta("GET", "/api/v1/apps?q=ShareFile", null).get(0).path("id").asString();

		// 1. create an Okta user (activate=true) and assign it to the app
		String email = "crud." + UUID.randomUUID().toString().substring(0, 8) + "@atko.com";
		String id = okta("POST", "/api/v1/users?activate=true", """
				{"profile":{"firstName":"Runscope","lastName":"Crud","email":"%s","login":"%s"}}""".formatted(email,
				email))
			.path("id")
			.asString();
		okta("POST", "/api/v1/apps/" + app + "/users", "{\"id\":\"" + id + "\",\"scope\":\"USER\"}");
		await().atMost(STEP).until(() -> scim.scimUser(email).has("id"));
		JsonNode created = scim.scimUser(email);
		assertThat(created.path("userName").asString()).isEqualTo(email);
		assertThat(created.path("emails").get(0).path("value").asString()).isEqualTo(email);
		assertThat(created.path("name").path("givenName").asString()).isEqualTo("Runscope");
		assertThat(created.path("name").path("familyName").asString()).isEqualTo("Crud");
		String scimId = created.path("id").asString();

		// 2. change firstName in Okta: givenName follows
		okta("POST", "/api/v1/users/" + id, "{\"profile\":{\"firstName\":\"Changed\"}}");
		await().atMost(STEP)
			.until(() -> "Changed"
				.equals(scim.scimJson("GET", "/Users/" + scimId).path("name").path("givenName").asString()));

		// 3. deactivate in Okta: 200 with active false (a 404 fails the suite)
		okta("POST", "/api/v1/users/" + id + "/lifecycle/deactivate", null);
		await().atMost(STEP).until(() -> !scim.scimJson("GET", "/Users/" + scimId).path("active").asBoolean(true));

		// 4. activate and reassign: active true
		okta("POST", "/api/v1/users/" + id + "/lifecycle/activate?sendEmail=false", null);
		okta("POST", "/api/v1/apps/" + app + "/users", "{\"id\":\"" + id + "\",\"scope\":\"USER\"}");
		await().atMost(STEP).until(() -> scim.scimJson("GET", "/Users/" + scimId).path("active").asBoolean(false));

		// 5. unassign from the app (204): active false
		assertThat(send("DELETE", "/api/v1/apps/" + app + "/users/" + id, null).statusCode()).isEqualTo(204);
		await().atMost(STEP).until(() -> !scim.scimJson("GET", "/Users/" + scimId).path("active").asBoolean(true));

		scim.oktaIdle();
		assertThat(SandboxScimClients.failures(scim.oktaCalls(0))).isEmpty();
	}

	private JsonNode okta(String method, String path, String body) throws Exception {
		HttpResponse<String> answer = send(method, path, body);
		assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isLessThan(300);
		return answer.body().isBlank() ? ProvisioningWorld.JSON.createObjectNode()
				: ProvisioningWorld.JSON.readTree(answer.body());
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(world.sandbox.oktaIssuer(world.org) + path))
			.header("Authorization", "SSWS sandbox-token-" + world.org)
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
