package dev.ferry.sandbox.okta;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ferry.sandbox.scim.FakeScimService;
import dev.ferry.sandbox.scim.FakeScimService.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Okta as the SCIM client of an app with SCIM provisioning (docs/scim.md, "The sandbox as
 * a SCIM client"): the control API's admin actions become the requests Okta sends, in
 * order, queued after the action returns, against a small SCIM service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaScimAppIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	FakeScimService scim;

	String org;

	@BeforeEach
	void setUp() throws Exception {
		http = new OktaHttp(port);
		scim = new FakeScimService();
		org = "scim" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(
				http.post("/sandbox/api/okta/orgs", null, "{\"name\":\"" + org + "\",\"shareFileApp\":true}").status())
			.isLessThan(300);
	}

	@AfterEach
	void tearDown() {
		scim.close();
	}

	@Test
	void anOinAppGetsPeopleTheirChangesAndPushedGroups() throws Exception {
		register("OIN");
		String ada = person("ada", "Ada", "Lovelace");
		String bob = person("bob", "Bob", "Byte");
		String cy = person("cy", "Cy", "Press");
		String existing = scim.seedUser(login("cy"));

		assign(ada);
		assign(bob);
		assign(cy);
		idle();

		List<Request> calls = scim.requests();
		assertThat(calls).extracting(Request::method).containsExactlyInAnyOrder("GET", "POST", "GET", "POST", "GET");
		Request lookup = calls.getFirst();
		assertThat(lookup.pathAndQuery()).isIn(
				"/Users?filter=userName eq \"" + login("ada") + "\"&startIndex=1&count=100",
				"/Users?filter=userName eq \"" + login("bob") + "\"&startIndex=1&count=100",
				"/Users?filter=userName eq \"" + login("cy") + "\"&startIndex=1&count=100");
		assertThat(lookup.userAgent()).isEqualTo("Okta SCIM Client 1.0.0");
		assertThat(lookup.authorization()).isEqualTo("Bearer scim-token");
		Request create = calls.stream()
			.filter(call -> call.method().equals("POST")
					&& call.body().path("userName").asString().equals(login("ada")))
			.findFirst()
			.orElseThrow();
		assertThat(create.contentType()).startsWith("application/scim+json");
		JsonNode body = create.body();
		assertThat(body.path("externalId").asString()).isEqualTo(ada);
		assertThat(body.path("name").path("givenName").asString()).isEqualTo("Ada");
		assertThat(body.path("emails").get(0).path("primary").asBoolean()).isTrue();
		assertThat(body.path("emails").get(0).path("type").asString()).isEqualTo("work");
		assertThat(body.path("groups").isArray()).isTrue();
		assertThat(body.path("password").asString()).isNotBlank();
		assertThat(body.path("active").asBoolean()).isTrue();
		JsonNode links = http.get("/sandbox/api/okta/" + org + "/apps/ShareFile/scim", null).json();
		assertThat(links.path("users").path(cy).asString()).as("linked, not created").isEqualTo(existing);
		String adaId = links.path("users").path(ada).asString();
		assertThat(scim.users().get(adaId).path("userName").asString()).isEqualTo(login("ada"));

		// a profile change: the user read back, then PUT whole
		scim.clearRequests();
		http.post("/sandbox/api/okta/" + org + "/users/" + ada + "/profile", null, "{\"firstName\":\"Augusta\"}");
		idle();
		assertThat(scim.requests()).extracting(Request::method, Request::path)
			.containsExactly(tuple("GET", "/Users/" + adaId), tuple("PUT", "/Users/" + adaId));
		assertThat(scim.users().get(adaId).path("name").path("givenName").asString()).isEqualTo("Augusta");
		assertThat(scim.users().get(adaId).path("userName").asString()).isEqualTo(login("ada"));

		// deactivate: a path-less replace of active; then activate and reassign
		scim.clearRequests();
		http.post("/sandbox/api/okta/" + org + "/users/" + ada + "/lifecycle/deactivate", null, null);
		idle();
		assertThat(scim.requests()).hasSize(1);
		JsonNode operation = scim.requests().getFirst().body().path("Operations").get(0);
		assertThat(operation.path("op").asString()).isEqualTo("replace");
		assertThat(operation.has("path")).isFalse();
		assertThat(operation.path("value").path("active").asBoolean(true)).isFalse();
		assertThat(scim.users().get(adaId).path("active").asBoolean()).isFalse();
		http.post("/sandbox/api/okta/" + org + "/users/" + ada + "/lifecycle/activate", null, null);
		assign(ada);
		idle();
		assertThat(scim.users().get(adaId).path("active").asBoolean()).isTrue();

		// a password, with Sync Password: PATCHed, and in no log entry
		scim.clearRequests();
		JsonNode changed = http
			.post("/sandbox/api/okta/" + org + "/users/" + ada + "/password", null, "{\"password\":\"Synced-Pass-42\"}")
			.json();
		assertThat(changed.path("queued").size()).isEqualTo(1);
		idle();
		assertThat(scim.requests()).hasSize(1);
		assertThat(
				scim.requests().getFirst().body().path("Operations").get(0).path("value").path("password").asString())
			.isEqualTo("Synced-Pass-42");
		String log = http.get("/sandbox/api/okta/" + org + "/scim/log", null).body();
		assertThat(log).doesNotContain("Synced-Pass-42").contains("\"trigger\":\"password\"");

		// Push Groups: created empty, then the members; later changes as PATCHes
		String team = http.post("/sandbox/api/okta/" + org + "/groups", null, "{\"name\":\"Team\"}")
			.json()
			.path("id")
			.asString();
		http.put("/sandbox/api/okta/" + org + "/groups/Team/users/" + ada, null, null);
		http.put("/sandbox/api/okta/" + org + "/groups/Team/users/" + bob, null, null);
		scim.clearRequests();
		assertThat(http.put("/sandbox/api/okta/" + org + "/apps/ShareFile/scim/groups/Team", null, null).status())
			.isEqualTo(202);
		idle();
		Request pushed = scim.requests().getFirst();
		assertThat(pushed.method() + " " + pushed.path()).isEqualTo("POST /Groups");
		assertThat(pushed.body().path("members").isEmpty()).isTrue();
		JsonNode group = scim.groupNamed("Team");
		String bobId = links(bob);
		assertThat(FakeScimService.memberIds(group)).containsExactlyInAnyOrder(adaId, bobId);
		String groupId = group.path("id").asString();
		assertThat(scim.requests()).filteredOn(call -> call.method().equals("PATCH"))
			.anySatisfy(call -> assertThat(
					call.body().path("Operations").get(0).path("value").path("displayName").asString())
				.isEqualTo("Team"));

		scim.clearRequests();
		http.put("/sandbox/api/okta/" + org + "/groups/Team/users/" + cy, null, null);
		http.delete("/sandbox/api/okta/" + org + "/groups/Team/users/" + ada, null);
		idle();
		assertThat(FakeScimService.memberIds(scim.groups().get(groupId))).containsExactlyInAnyOrder(bobId, existing);
		assertThat(scim.requests())
			.anySatisfy(call -> assertThat(call.body().path("Operations").get(0).path("path").asString())
				.isEqualTo("members[value eq \"" + adaId + "\"]"));

		JsonNode imported = http.post("/sandbox/api/okta/" + org + "/apps/ShareFile/scim/import", null, null).json();
		assertThat(imported.path("users")).hasSize(3);
		assertThat(imported.path("matched").asInt()).isEqualTo(3);
		assertThat(imported.path("groups").get(0).path("displayName").asString()).isEqualTo("Team");
		assertThat(scim.requests()).extracting(Request::pathAndQuery)
			.contains("/Users?startIndex=1&count=100", "/Groups?startIndex=1&count=100");

		// renamed through Okta's management API: the rename PATCH
		scim.clearRequests();
		assertThat(http
			.put("/okta/" + org + "/api/v1/groups/" + team, "SSWS sandbox-token-" + org,
					"{\"profile\":{\"name\":\"Team 2\"}}")
			.status()).isEqualTo(200);
		idle();
		assertThat(scim.requests()).extracting(Request::method).containsExactly("PATCH");
		assertThat(scim.groups().get(groupId).path("displayName").asString()).isEqualTo("Team 2");

		http.delete("/sandbox/api/okta/" + org + "/apps/ShareFile/scim/groups/" + team + "?delete=true", null);
		idle();
		assertThat(scim.groups()).isEmpty();

		// unassigned: active false
		http.delete("/sandbox/api/okta/" + org + "/apps/ShareFile/users/" + bob, null);
		idle();
		assertThat(scim.users().get(bobId).path("active").asBoolean()).isFalse();
	}

	@Test
	void aCustomAppGetsAPutForEveryUpdate() throws Exception {
		register("AIW");
		String ada = person("ada", "Ada", "Lovelace");
		assign(ada);
		http.post("/sandbox/api/okta/" + org + "/groups", null, "{\"name\":\"Team\"}");
		http.put("/sandbox/api/okta/" + org + "/groups/Team/users/" + ada, null, null);
		http.put("/sandbox/api/okta/" + org + "/apps/ShareFile/scim/groups/Team", null, null);
		idle();
		String adaId = links(ada);
		JsonNode group = scim.groupNamed("Team");
		assertThat(FakeScimService.memberIds(group)).containsExactly(adaId);

		scim.clearRequests();
		http.post("/sandbox/api/okta/" + org + "/users/" + ada + "/lifecycle/suspend", null, null);
		http.post("/sandbox/api/okta/" + org + "/users/" + ada + "/password", null,
				"{\"password\":\"Synced-Pass-42\"}");
		idle();
		assertThat(scim.requests()).extracting(Request::method).containsExactly("GET", "PUT", "GET", "PUT");
		assertThat(scim.requests().get(1).body().path("active").asBoolean(true)).isFalse();
		assertThat(scim.requests().get(3).body().path("password").asString()).isEqualTo("Synced-Pass-42");

		scim.clearRequests();
		http.delete("/sandbox/api/okta/" + org + "/groups/Team/users/" + ada, null);
		idle();
		assertThat(scim.requests()).extracting(Request::method).containsExactly("PUT");
		assertThat(scim.requests().getFirst().body().path("members").isEmpty()).isTrue();
	}

	@Test
	void fiveHundredAssignmentsReturnAtOnceAndArriveThroughTheQueue() throws Exception {
		register("OIN");
		http.post("/sandbox/api/okta/" + org + "/users/bulk", null, "{\"count\":500,\"prefix\":\"load\"}");
		OktaHttp.Response assigned = http.put("/sandbox/api/okta/" + org + "/apps/ShareFile/groups/Everyone", null,
				null);
		assertThat(assigned.status()).isLessThan(300);
		idle();
		assertThat(scim.users()).hasSize(500);
		assertThat(scim.requests()).hasSize(1000);
		JsonNode log = http.get("/sandbox/api/okta/" + org + "/scim/log", null).json();
		assertThat(log).hasSize(1001);
		assertThat(log.findValuesAsString("trigger")).containsOnly("test-connection", "assign");
	}

	@Test
	void anAppWithPasswordSyncOnlyGetsNoPeople() throws Exception {
		http.put("/sandbox/api/okta/" + org + "/apps/ShareFile/scim", null,
				"{\"baseUrl\":\"" + scim.baseUrl() + "\",\"token\":\"scim-token\",\"syncPassword\":true}");
		String ada = person("ada", "Ada", "Lovelace");
		assign(ada);
		http.post("/sandbox/api/okta/" + org + "/users/" + ada + "/profile", null, "{\"firstName\":\"Augusta\"}");
		http.post("/sandbox/api/okta/" + org + "/users/" + ada + "/lifecycle/deactivate", null, null);
		idle();
		assertThat(scim.requests()).isEmpty();
	}

	private void register(String mode) {
		OktaHttp.Response saved = http.put("/sandbox/api/okta/" + org + "/apps/ShareFile/scim", null,
				"{\"baseUrl\":\"" + scim.baseUrl() + "\",\"token\":\"scim-token\",\"syncPassword\":true,"
						+ "\"createUsers\":true,\"updateUsers\":true,\"deactivateUsers\":true,\"mode\":\"" + mode
						+ "\"}");
		assertThat(saved.status()).isEqualTo(200);
		// Okta's connection test when provisioning is saved
		assertThat(saved.json().path("connectionTest").path("status").asInt()).isEqualTo(200);
		assertThat(scim.requests()).extracting(Request::pathAndQuery).containsExactly("/Users?startIndex=1&count=2");
		scim.clearRequests();
	}

	private String person(String name, String first, String last) {
		return http
			.post("/sandbox/api/okta/" + org + "/users", null,
					"{\"profile\":{\"login\":\"" + login(name) + "\",\"email\":\"" + login(name) + "\",\"firstName\":\""
							+ first + "\",\"lastName\":\"" + last
							+ "\"},\"credentials\":{\"password\":{\"value\":\"Ferry-demo-1\"}}}")
			.json()
			.path("id")
			.asString();
	}

	private String login(String name) {
		return name + "@" + org + ".example";
	}

	private void assign(String user) {
		assertThat(http.put("/sandbox/api/okta/" + org + "/apps/ShareFile/users/" + user, null, null).status())
			.isLessThan(300);
	}

	private String links(String user) {
		return http.get("/sandbox/api/okta/" + org + "/apps/ShareFile/scim", null)
			.json()
			.path("users")
			.path(user)
			.asString();
	}

	private void idle() {
		JsonNode idle = http.post("/sandbox/api/okta/" + org + "/scim/idle?timeoutSeconds=60", null, null).json();
		assertThat(idle.path("idle").asBoolean()).as("the SCIM queue emptied").isTrue();
	}

}
