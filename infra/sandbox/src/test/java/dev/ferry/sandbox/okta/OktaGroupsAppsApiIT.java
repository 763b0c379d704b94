package dev.ferry.sandbox.okta;

import java.util.List;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ferry.sandbox.okta.OktaHttp.ACME_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** Groups, members, apps, app users and app groups (docs/reference/okta.md §4, §4.1). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaGroupsAppsApiIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	String appId;

	String salesId;

	@BeforeEach
	void reset() {
		http = new OktaHttp(port);
		http.post("/sandbox/api/reset", null, null);
		JsonNode apps = http.get("/okta/acme/api/v1/apps?q=ShareFile", ACME_TOKEN).json();
		assertThat(apps).hasSize(1);
		appId = apps.get(0).path("id").asString();
		salesId = http.get("/okta/acme/api/v1/groups?q=Sales", ACME_TOKEN).json().get(0).path("id").asString();
	}

	@Test
	void findsTheShareFileAppByQuery() {
		JsonNode app = http.get("/okta/acme/api/v1/apps/" + appId, ACME_TOKEN).json();
		assertThat(app.path("label").asString()).isEqualTo("ShareFile");
		assertThat(app.path("id").asString()).startsWith("0oa").hasSize(20);
		assertThat(app.path("status").asString()).isEqualTo("ACTIVE");
		assertThat(http.get("/okta/acme/api/v1/apps?q=Nothing", ACME_TOKEN).json()).isEmpty();
		assertThat(http.get("/okta/acme/api/v1/apps/0oaNOPE", ACME_TOKEN).errorCode()).isEqualTo("E0000007");
	}

	@Test
	void listsGroupsAndTheirMembersWithPaging() {
		JsonNode groups = http.get("/okta/acme/api/v1/groups", ACME_TOKEN).json();
		assertThat(groups.findValuesAsString("name")).containsExactlyInAnyOrder("Everyone", "Sales", "Engineering",
				"Contractors");
		JsonNode sales = http.get("/okta/acme/api/v1/groups/" + salesId, ACME_TOKEN).json();
		assertThat(sales.path("type").asString()).isEqualTo("OKTA_GROUP");
		assertThat(sales.path("objectClass").get(0).asString()).isEqualTo("okta:user_group");
		assertThat(http.get("/okta/acme/api/v1/groups/" + salesId + "/users", ACME_TOKEN).json()).hasSize(10);
		OktaHttp.Response first = http.get("/okta/acme/api/v1/groups/" + salesId + "/users?limit=4", ACME_TOKEN);
		assertThat(first.json()).hasSize(4);
		OktaHttp.Response second = http.get(first.link("next"), ACME_TOKEN);
		OktaHttp.Response third = http.get(second.link("next"), ACME_TOKEN);
		assertThat(third.json()).hasSize(2);
		assertThat(third.link("next")).isNull();
		assertThat(http.get("/okta/acme/api/v1/groups/00gNOPE", ACME_TOKEN).status()).isEqualTo(404);
	}

	@Test
	void createsRenamesAndDeletesGroups() {
		JsonNode created = http
			.post("/okta/acme/api/v1/groups", ACME_TOKEN,
					"{\"profile\":{\"name\":\"Finance\",\"description\":\"Money\"}}")
			.json();
		String id = created.path("id").asString();
		assertThat(id).startsWith("00g");
		assertThat(http.post("/okta/acme/api/v1/groups", ACME_TOKEN, "{\"profile\":{\"name\":\"Finance\"}}").status())
			.isEqualTo(400);
		assertThat(http.put("/okta/acme/api/v1/groups/" + id, ACME_TOKEN, "{\"profile\":{\"name\":\"Treasury\"}}")
			.json()
			.path("profile")
			.path("name")
			.asString()).isEqualTo("Treasury");
		assertThat(http.delete("/okta/acme/api/v1/groups/" + id, ACME_TOKEN).status()).isEqualTo(204);
		assertThat(http.get("/okta/acme/api/v1/groups/" + id, ACME_TOKEN).status()).isEqualTo(404);
	}

	@Test
	void appUsersAreDirectOrThroughTheSalesGroup() {
		JsonNode appUsers = http.get("/okta/acme/api/v1/apps/" + appId + "/users", ACME_TOKEN).json();
		assertThat(appUsers).hasSize(13);
		assertThat(appUsers.findValuesAsString("scope").stream().filter("USER"::equals)).hasSize(3);
		assertThat(appUsers.findValuesAsString("scope").stream().filter("GROUP"::equals)).hasSize(10);
		JsonNode one = appUsers.get(0);
		assertThat(one.path("id").asString()).startsWith("00u");
		assertThat(one.path("credentials").path("userName").asString()).endsWith("@acme.example");
		assertThat(one.path("_links").path("user").path("href").asString()).contains("/api/v1/users/");
		assertThat(one.has("_embedded")).isFalse();
		JsonNode expanded = http.get("/okta/acme/api/v1/apps/" + appId + "/users?expand=user&limit=5", ACME_TOKEN)
			.json();
		assertThat(expanded).hasSize(5);
		assertThat(expanded.get(0).path("_embedded").path("user").path("profile").path("login").asString())
			.isEqualTo(expanded.get(0).path("credentials").path("userName").asString());
	}

	@Test
	void appUsersPageWithADefaultOf50() {
		OktaHttp.Response first = http.get("/okta/acme/api/v1/apps/" + appId + "/users?limit=6", ACME_TOKEN);
		OktaHttp.Response second = http.get(first.link("next"), ACME_TOKEN);
		OktaHttp.Response third = http.get(second.link("next"), ACME_TOKEN);
		assertThat(first.json().size() + second.json().size() + third.json().size()).isEqualTo(13);
		assertThat(third.link("next")).isNull();
	}

	@Test
	void assignsAndUnassignsPeopleDirectly() {
		String user = http.get("/okta/acme/api/v1/users/yara.diaz@acme.example", ACME_TOKEN)
			.json()
			.path("id")
			.asString();
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users/" + user, ACME_TOKEN).status()).isEqualTo(404);
		JsonNode assigned = http
			.post("/okta/acme/api/v1/apps/" + appId + "/users", ACME_TOKEN,
					"{\"id\":\"" + user + "\",\"scope\":\"USER\",\"credentials\":{\"userName\":\"yara.d\"}}")
			.json();
		assertThat(assigned.path("scope").asString()).isEqualTo("USER");
		assertThat(assigned.path("credentials").path("userName").asString()).isEqualTo("yara.d");
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users/" + user, ACME_TOKEN).status()).isEqualTo(200);
		assertThat(http.delete("/okta/acme/api/v1/apps/" + appId + "/users/" + user, ACME_TOKEN).status())
			.isEqualTo(204);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users/" + user, ACME_TOKEN).status()).isEqualTo(404);
		assertThat(http.post("/okta/acme/api/v1/apps/" + appId + "/users", ACME_TOKEN, "{\"id\":\"00uNOPE\"}").status())
			.isEqualTo(404);
	}

	@Test
	void groupMembershipAndGroupAssignmentDriveAppAccess() {
		String user = http.get("/okta/acme/api/v1/users/yara.diaz@acme.example", ACME_TOKEN)
			.json()
			.path("id")
			.asString();
		assertThat(http.put("/okta/acme/api/v1/groups/" + salesId + "/users/" + user, ACME_TOKEN, null).status())
			.isEqualTo(204);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users/" + user, ACME_TOKEN)
			.json()
			.path("scope")
			.asString()).isEqualTo("GROUP");
		assertThat(
				http.get("/okta/acme/api/v1/users/" + user + "/groups", ACME_TOKEN).json().findValuesAsString("name"))
			.contains("Sales");
		assertThat(http.delete("/okta/acme/api/v1/groups/" + salesId + "/users/" + user, ACME_TOKEN).status())
			.isEqualTo(204);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users/" + user, ACME_TOKEN).status()).isEqualTo(404);

		String contractors = http.get("/okta/acme/api/v1/groups?q=Contractors", ACME_TOKEN)
			.json()
			.get(0)
			.path("id")
			.asString();
		JsonNode assignment = http.put("/okta/acme/api/v1/apps/" + appId + "/groups/" + contractors, ACME_TOKEN, "{}")
			.json();
		assertThat(assignment.path("id").asString()).isEqualTo(contractors);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users", ACME_TOKEN).json()).hasSize(18);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/groups", ACME_TOKEN).json()).hasSize(2);
		assertThat(http.delete("/okta/acme/api/v1/apps/" + appId + "/groups/" + contractors, ACME_TOKEN).status())
			.isEqualTo(204);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users", ACME_TOKEN).json()).hasSize(13);
	}

	@Test
	void deactivatedPeopleLoseTheAppAndGetItBackThroughTheirGroupOnActivation() {
		String ada = http.get("/okta/acme/api/v1/users/ada.stone@acme.example", ACME_TOKEN)
			.json()
			.path("id")
			.asString();
		http.post("/okta/acme/api/v1/users/" + ada + "/lifecycle/deactivate", ACME_TOKEN, null);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users/" + ada, ACME_TOKEN).status()).isEqualTo(404);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users", ACME_TOKEN).json()).hasSize(12);
		http.post("/okta/acme/api/v1/users/" + ada + "/lifecycle/activate", ACME_TOKEN, null);
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users/" + ada, ACME_TOKEN).status()).isEqualTo(200);
	}

	@Test
	void everyoneIsBuiltInAndCannotBeChanged() {
		String everyone = http.get("/okta/acme/api/v1/groups?q=Everyone", ACME_TOKEN)
			.json()
			.get(0)
			.path("id")
			.asString();
		String ada = http.get("/okta/acme/api/v1/users/ada.stone@acme.example", ACME_TOKEN)
			.json()
			.path("id")
			.asString();
		assertThat(http.delete("/okta/acme/api/v1/groups/" + everyone + "/users/" + ada, ACME_TOKEN).status())
			.isEqualTo(403);
		assertThat(http.get("/okta/acme/api/v1/groups/" + everyone, ACME_TOKEN).json().path("type").asString())
			.isEqualTo("BUILT_IN");
		assertThat(List.of(http.get("/okta/acme/api/v1/groups/" + everyone + "/users", ACME_TOKEN).json().size()))
			.containsExactly(26);
	}

}
