package dev.ferry.sandbox.entra;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ferry.sandbox.okta.OktaHttp;
import dev.ferry.sandbox.scim.FakeScimService;
import dev.ferry.sandbox.scim.FakeScimService.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Entra ID-style SCIM client (docs/scim.md, "The sandbox as a SCIM client"): a
 * tenant's users and groups provisioned in Entra ID's request shapes, without and with
 * the {@code aadOptscim062020} flag, against a small SCIM service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EntraScimClientIT {

	static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	@LocalServerPort
	int port;

	OktaHttp http;

	FakeScimService scim;

	String tenant;

	@BeforeEach
	void setUp() throws Exception {
		http = new OktaHttp(port);
		scim = new FakeScimService();
		tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
	}

	@AfterEach
	void tearDown() {
		scim.close();
	}

	@Test
	void withoutTheFlagEntraSendsItsOwnShapes() {
		configure(false);
		JsonNode test = http.post(api("/test-connection"), null, null).json();
		assertThat(test.path("failures")).isEmpty();
		Request probe = scim.requests().getFirst();
		assertThat(probe.query()).matches("filter=userName eq \"[0-9a-f-]{36}\"");
		assertThat(probe.authorization()).isEqualTo("Bearer entra-secret");

		user("ada@" + tenant + ".example", "Ada", "Lovelace");
		user("bob@" + tenant + ".example", "Bob", "Byte");
		http.post(api("/groups"), null, "{\"displayName\":\"Sales\",\"members\":[\"ada@" + tenant + ".example\",\"bob@"
				+ tenant + ".example\"]}");
		scim.clearRequests();

		JsonNode first = cycle();
		assertThat(first.path("created").asInt()).isEqualTo(2);
		assertThat(first.path("groupsCreated").asInt()).isEqualTo(1);
		Request create = posts("/Users").getFirst();
		JsonNode body = create.body();
		assertThat(body.path("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
		assertThat(body.path("schemas").get(1).asString()).isEqualTo(ENTERPRISE);
		assertThat(body.has("addresses")).isTrue();
		assertThat(body.get("addresses").isNull()).isTrue();
		assertThat(body.get("title").isNull()).isTrue();
		assertThat(body.path("externalId").asString()).isIn("ada", "bob");
		assertThat(body.path("meta").path("resourceType").asString()).isEqualTo("User");
		assertThat(body.path("roles").isArray()).isTrue();
		assertThat(body.path(ENTERPRISE).path("department").asString()).isEqualTo("Research");
		assertThat(scim.requests()).anySatisfy(call -> assertThat(call.pathAndQuery())
			.isEqualTo("/Groups?excludedAttributes=members&filter=displayName eq \"Sales\""));
		JsonNode group = posts("/Groups").getFirst().body();
		assertThat(group.has("members")).isFalse();
		assertThat(group.path("schemas").get(1).asString())
			.isEqualTo("http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group");
		JsonNode add = patches().getLast().body().path("Operations").get(0);
		assertThat(add.path("op").asString()).isEqualTo("Add");
		assertThat(add.path("value")).hasSize(2);
		assertThat(add.path("value").get(0).has("$ref")).isTrue();
		String ada = scim.userNamed("ada@" + tenant + ".example").path("id").asString();
		String bob = scim.userNamed("bob@" + tenant + ".example").path("id").asString();
		assertThat(FakeScimService.memberIds(scim.groupNamed("Sales"))).containsExactlyInAnyOrder(ada, bob);

		// nothing changed: nothing sent
		scim.clearRequests();
		cycle();
		assertThat(scim.requests()).isEmpty();

		// a change and a disable: capitalised Replace, "False" as a string
		http.send("PATCH", api("/users/ada@" + tenant + ".example"), null,
				"{\"surname\":\"King\",\"accountEnabled\":false}");
		http.send("PATCH", api("/groups/Sales"), null, "{\"removeMembers\":[\"bob@" + tenant + ".example\"]}");
		cycle();
		JsonNode operations = patches().getFirst().body().path("Operations");
		assertThat(operations).anySatisfy(op -> {
			assertThat(op.path("op").asString()).isEqualTo("Replace");
			assertThat(op.path("path").asString()).isEqualTo("name.familyName");
			assertThat(op.path("value").asString()).isEqualTo("King");
		});
		assertThat(operations).anySatisfy(op -> {
			assertThat(op.path("path").asString()).isEqualTo("active");
			assertThat(op.path("value").isString()).isTrue();
			assertThat(op.path("value").asString()).isEqualTo("False");
		});
		assertThat(scim.users().get(ada).path("active").asBoolean(true)).isFalse();
		JsonNode remove = patches().getLast().body().path("Operations").get(0);
		assertThat(remove.path("op").asString()).isEqualTo("Remove");
		assertThat(remove.path("path").asString()).isEqualTo("members");
		assertThat(remove.path("value").get(0).path("value").asString()).isEqualTo(bob);
		assertThat(FakeScimService.memberIds(scim.groupNamed("Sales"))).containsExactly(ada);

		// deleted for good: DELETE; the group too
		String sales = scim.groupNamed("Sales").path("id").asString();
		http.delete(api("/users/bob@" + tenant + ".example?permanent=true"), null);
		http.delete(api("/groups/Sales"), null);
		scim.clearRequests();
		JsonNode last = cycle();
		assertThat(last.path("deleted").asInt()).isEqualTo(1);
		assertThat(scim.requests()).extracting(Request::method, Request::path)
			.containsExactly(tuple("DELETE", "/Users/" + bob), tuple("DELETE", "/Groups/" + sales));
		assertThat(scim.users()).containsOnlyKeys(ada);
		assertThat(scim.groups()).isEmpty();
		assertThat(http.get(api("/log"), null).json().size()).isGreaterThan(10);
	}

	@Test
	void withTheFlagOpsAreLowerCaseBooleansAndPathLessReplaces() {
		configure(true);
		String existing = scim.seedUser("cy@" + tenant + ".example");
		user("ada@" + tenant + ".example", "Ada", "Lovelace");
		user("cy@" + tenant + ".example", "Cy", "Press");
		http.post(api("/groups"), null,
				"{\"displayName\":\"Ops\",\"members\":[\"ada@" + tenant + ".example\",\"cy@" + tenant + ".example\"]}");
		JsonNode first = cycle();
		assertThat(first.path("created").asInt()).isEqualTo(1);
		assertThat(first.path("matched").asInt()).as("cy was there already").isEqualTo(1);
		assertThat(FakeScimService.memberIds(scim.groupNamed("Ops"))).hasSize(2).contains(existing);

		scim.clearRequests();
		http.send("PATCH", api("/users/ada@" + tenant + ".example"), null,
				"{\"givenName\":\"Augusta\",\"department\":\"Maths\",\"accountEnabled\":false}");
		http.send("PATCH", api("/groups/Ops"), null,
				"{\"removeMembers\":[\"cy@" + tenant + ".example\"],\"displayName\":\"Ops 2\"}");
		cycle();
		JsonNode operations = patches().getFirst().body().path("Operations");
		JsonNode replace = operations.get(0);
		assertThat(replace.path("op").asString()).isEqualTo("replace");
		assertThat(replace.has("path")).isFalse();
		assertThat(replace.path("value").path("name.givenName").asString()).isEqualTo("Augusta");
		assertThat(replace.path("value").path(ENTERPRISE + ":department").asString()).isEqualTo("Maths");
		JsonNode disable = operations.get(1);
		assertThat(disable.path("op").asString()).isEqualTo("replace");
		assertThat(disable.path("value").isBoolean()).isTrue();
		assertThat(disable.path("value").asBoolean(true)).isFalse();
		List<Request> groupPatches = patches().subList(1, patches().size());
		assertThat(groupPatches.get(0).body().path("Operations").get(0).path("op").asString()).isEqualTo("replace");
		assertThat(groupPatches.get(1).body().path("Operations").get(0).path("path").asString())
			.isEqualTo("members[value eq \"" + existing + "\"]");
		assertThat(scim.groupNamed("Ops 2")).isNotNull();
	}

	@Test
	void manyGeneratedUsersAreProvisionedInOneCycle() {
		configure(false);
		assertThat(
				http.post(api("/users/bulk"), null, "{\"count\":150,\"prefix\":\"load\"}").json().path("users").asInt())
			.isEqualTo(150);
		JsonNode cycle = cycle();
		assertThat(cycle.path("created").asInt()).isEqualTo(150);
		assertThat(cycle.path("failures")).isEmpty();
		assertThat(scim.users()).hasSize(150);
	}

	private void configure(boolean flag) {
		assertThat(http
			.put("/sandbox/api/entra/" + tenant, null,
					"{\"tenantUrl\":\"" + scim.baseUrl() + "\",\"secretToken\":\"entra-secret\",\"aadOptscim062020\":"
							+ flag + "}")
			.status()).isEqualTo(200);
	}

	private void user(String upn, String first, String last) {
		assertThat(http
			.post(api("/users"), null,
					"{\"userPrincipalName\":\"" + upn + "\",\"givenName\":\"" + first + "\",\"surname\":\"" + last
							+ "\",\"department\":\"Research\"}")
			.status()).isEqualTo(201);
	}

	private JsonNode cycle() {
		OktaHttp.Response cycle = http.post(api("/cycle"), null, null);
		assertThat(cycle.status()).as(cycle.body()).isEqualTo(200);
		return cycle.json();
	}

	private List<Request> posts(String path) {
		return scim.requests()
			.stream()
			.filter(call -> call.method().equals("POST") && call.path().equals(path))
			.toList();
	}

	private List<Request> patches() {
		return scim.requests().stream().filter(call -> call.method().equals("PATCH")).toList();
	}

	private String api(String path) {
		return "/sandbox/api/entra/" + tenant + path;
	}

}
