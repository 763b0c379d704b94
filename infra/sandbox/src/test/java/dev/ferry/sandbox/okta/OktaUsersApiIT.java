package dev.ferry.sandbox.okta;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ferry.sandbox.okta.OktaHttp.ACME_TOKEN;
import static dev.ferry.sandbox.okta.OktaHttp.encode;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/users} against docs/reference/okta.md §1, §3, §4, §4.1, §4.2, §10.5. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaUsersApiIT {

	@LocalServerPort
	int port;

	@Autowired
	OktaAccessTokens accessTokens;

	OktaHttp http;

	@BeforeEach
	void reset() {
		http = new OktaHttp(port);
		assertThat(http.post("/sandbox/api/reset", null, null).status()).isEqualTo(204);
	}

	@Test
	void refusesMissingAndBadTokensWith401AndARequestId() {
		OktaHttp.Response missing = http.get("/okta/acme/api/v1/users", null);
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.errorCode()).isEqualTo("E0000011");
		assertThat(missing.header("X-Okta-Request-Id")).hasSize(20);
		assertThat(http.get("/okta/acme/api/v1/users", "SSWS wrong").status()).isEqualTo(401);
		assertThat(http.get("/okta/acme/api/v1/users", "SSWS sandbox-token-globex").status()).isEqualTo(401);
		assertThat(http.get("/okta/acme/api/v1/users", "Bearer nope").status()).isEqualTo(401);
	}

	@Test
	void unknownOrgIs404() {
		OktaHttp.Response response = http.get("/okta/nowhere/api/v1/users", ACME_TOKEN);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.errorCode()).isEqualTo("E0000007");
	}

	@Test
	void accessTokensNeedTheEndpointsScope() {
		String readOnly = "Bearer " + accessTokens.issue("acme", "svc", Set.of("okta.users.read")).token();
		assertThat(http.get("/okta/acme/api/v1/users", readOnly).status()).isEqualTo(200);
		OktaHttp.Response write = http.post("/okta/acme/api/v1/users", readOnly, newUser("x.y@acme.example"));
		assertThat(write.status()).isEqualTo(403);
		assertThat(write.errorCode()).isEqualTo("E0000006");
		assertThat(http.get("/okta/acme/api/v1/groups", readOnly).status()).isEqualTo(403);
		assertThat(http.get("/okta/acme/api/v1/logs", readOnly).status()).isEqualTo(403);
		String manage = "Bearer " + accessTokens.issue("acme", "svc", Set.of("okta.users.manage")).token();
		assertThat(http.get("/okta/acme/api/v1/users?limit=1", manage).status()).isEqualTo(200);
		assertThat(http.post("/okta/acme/api/v1/users", manage, newUser("x.y@acme.example")).status()).isEqualTo(200);
		String otherOrg = "Bearer " + accessTokens.issue("globex", "svc", Set.of("okta.users.read")).token();
		assertThat(http.get("/okta/acme/api/v1/users", otherOrg).status()).isEqualTo(401);
	}

	@Test
	void pagesWithAbsoluteLinkHeadersUntilNoNext() {
		String url = "/okta/acme/api/v1/users?limit=10";
		Set<String> ids = new HashSet<>();
		int pages = 0;
		while (url != null) {
			OktaHttp.Response page = http.get(url, ACME_TOKEN);
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.links()).hasSizeBetween(1, 2);
			assertThat(page.link("self")).startsWith(http.base() + "/okta/acme/api/v1/users?");
			page.json().forEach(user -> ids.add(user.path("id").asString()));
			url = page.link("next");
			if (url != null) {
				assertThat(url).startsWith(http.base()).contains("after=00u").contains("limit=10");
			}
			pages++;
		}
		assertThat(pages).isEqualTo(3);
		assertThat(ids).hasSize(26);
	}

	@Test
	void limitDefaultsTo200AndIsCappedThere() {
		OktaHttp.Response response = http.get("/okta/acme/api/v1/users?limit=5000", ACME_TOKEN);
		assertThat(response.json()).hasSize(26);
		assertThat(response.link("next")).isNull();
		assertThat(http.get("/okta/acme/api/v1/users?limit=0", ACME_TOKEN).status()).isEqualTo(400);
	}

	@Test
	void userJsonHasOktasShapeAndNeverAPassword() {
		JsonNode user = http.get("/okta/acme/api/v1/users/ada.stone@acme.example", ACME_TOKEN).json();
		assertThat(user.path("id").asString()).startsWith("00u").hasSize(20);
		assertThat(user.path("status").asString()).isEqualTo("ACTIVE");
		assertThat(user.path("created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
		assertThat(user.path("profile").path("login").asString()).isEqualTo("ada.stone@acme.example");
		assertThat(user.path("credentials").path("password").isObject()).isTrue();
		assertThat(user.path("credentials").path("password").size()).isZero();
		assertThat(user.path("credentials").path("provider").path("type").asString()).isEqualTo("OKTA");
		assertThat(user.path("_links").path("self").path("href").asString())
			.isEqualTo(http.base() + "/okta/acme/api/v1/users/" + user.path("id").asString());
		assertThat(user.path("_links").has("suspend")).isTrue();
		assertThat(user.toString()).doesNotContain("Ferry-demo-1");
		// by id, and by short login
		assertThat(http.get("/okta/acme/api/v1/users/" + user.path("id").asString(), ACME_TOKEN).status())
			.isEqualTo(200);
		assertThat(http.get("/okta/acme/api/v1/users/ada.stone", ACME_TOKEN).json().path("id"))
			.isEqualTo(user.path("id"));
	}

	@Test
	void unknownUserIs404() {
		OktaHttp.Response response = http.get("/okta/acme/api/v1/users/00uDOESNOTEXIST00000", ACME_TOKEN);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.errorCode()).isEqualTo("E0000007");
		assertThat(response.json().path("errorSummary").asString()).startsWith("Not found: ");
	}

	@Test
	void createsActiveProvisionedAndStagedPeople() {
		JsonNode active = http
			.post("/okta/acme/api/v1/users?activate=true", ACME_TOKEN,
					newUserWithPassword("new.one@acme.example", "Secret-pass-9"))
			.json();
		assertThat(active.path("status").asString()).isEqualTo("ACTIVE");
		assertThat(active.path("credentials").path("password").size()).isZero();
		assertThat(active.toString()).doesNotContain("Secret-pass-9");
		JsonNode provisioned = http.post("/okta/acme/api/v1/users", ACME_TOKEN, newUser("new.two@acme.example")).json();
		assertThat(provisioned.path("status").asString()).isEqualTo("PROVISIONED");
		assertThat(provisioned.path("credentials").has("password")).isFalse();
		JsonNode staged = http
			.post("/okta/acme/api/v1/users?activate=false", ACME_TOKEN,
					newUserWithPassword("new.three@acme.example", "Secret-pass-9"))
			.json();
		assertThat(staged.path("status").asString()).isEqualTo("STAGED");
	}

	@Test
	void createPutsThePersonInTheGivenGroups() {
		JsonNode groups = http.get("/okta/acme/api/v1/groups?q=Engineering", ACME_TOKEN).json();
		String engineering = groups.get(0).path("id").asString();
		JsonNode user = http
			.post("/okta/acme/api/v1/users", ACME_TOKEN,
					"{\"profile\":{\"login\":\"g.member@acme.example\",\"email\":\"g.member@acme.example\","
							+ "\"firstName\":\"G\",\"lastName\":\"Member\"},\"groupIds\":[\"" + engineering + "\"]}")
			.json();
		JsonNode theirs = http.get("/okta/acme/api/v1/users/" + user.path("id").asString() + "/groups", ACME_TOKEN)
			.json();
		assertThat(theirs.findValuesAsString("name")).contains("Engineering", "Everyone");
	}

	@Test
	void loginsAreUniqueCaseInsensitively() {
		OktaHttp.Response duplicate = http.post("/okta/acme/api/v1/users", ACME_TOKEN,
				newUser("ADA.Stone@acme.example"));
		assertThat(duplicate.status()).isEqualTo(400);
		assertThat(duplicate.errorCode()).isEqualTo("E0000001");
		assertThat(duplicate.json().path("errorSummary").asString()).startsWith("Api validation failed: login");
		assertThat(duplicate.json().path("errorCauses").get(0).path("errorSummary").asString())
			.isEqualTo("login: An object with this field already exists in the current organization");
	}

	@Test
	void validatesTheProfile() {
		OktaHttp.Response shortLogin = http.post("/okta/acme/api/v1/users", ACME_TOKEN,
				"{\"profile\":{\"login\":\"a@b\",\"email\":\"not-an-email\",\"firstName\":\"A\",\"lastName\":\"B\"}}");
		assertThat(shortLogin.status()).isEqualTo(400);
		assertThat(shortLogin.errorCode()).isEqualTo("E0000001");
		assertThat(shortLogin.json().path("errorCauses").findValuesAsString("errorSummary"))
			.anyMatch(cause -> cause.startsWith("login:"))
			.anyMatch(cause -> cause.startsWith("email:"));
		assertThat(http.post("/okta/acme/api/v1/users", ACME_TOKEN, "{}").status()).isEqualTo(400);
		OktaHttp.Response weakPassword = http.post("/okta/acme/api/v1/users", ACME_TOKEN,
				newUserWithPassword("weak.pw@acme.example", "short"));
		assertThat(weakPassword.status()).isEqualTo(400);
		assertThat(weakPassword.json().path("errorCauses").get(0).path("errorSummary").asString())
			.startsWith("password:");
	}

	@Test
	void plainListHidesDeprovisionedButFilterShowsThem() {
		http.post("/okta/acme/api/v1/users/ada.stone@acme.example/lifecycle/deactivate", ACME_TOKEN, null);
		List<String> plain = http.get("/okta/acme/api/v1/users", ACME_TOKEN).json().findValuesAsString("login");
		assertThat(plain).hasSize(25).doesNotContain("ada.stone@acme.example");
		List<String> q = http.get("/okta/acme/api/v1/users?q=Ada", ACME_TOKEN).json().findValuesAsString("login");
		assertThat(q).isEmpty();
		JsonNode filtered = http
			.get("/okta/acme/api/v1/users?filter=" + encode("status eq \"DEPROVISIONED\""), ACME_TOKEN)
			.json();
		assertThat(filtered.findValuesAsString("login")).containsExactly("ada.stone@acme.example");
	}

	@Test
	void filterIsEqualityOnAFewFieldsAndCaseSensitive() {
		assertThat(http
			.get("/okta/acme/api/v1/users?filter=" + encode("profile.login eq \"ben.reed@acme.example\""), ACME_TOKEN)
			.json()).hasSize(1);
		assertThat(http
			.get("/okta/acme/api/v1/users?filter=" + encode("profile.login eq \"BEN.REED@acme.example\""), ACME_TOKEN)
			.json()).isEmpty();
		assertThat(http
			.get("/okta/acme/api/v1/users?filter="
					+ encode("profile.firstName eq \"Ben\" or profile.firstName eq \"Cara\""), ACME_TOKEN)
			.json()).hasSize(2);
		assertThat(http
			.get("/okta/acme/api/v1/users?filter=" + encode("lastUpdated gt \"2000-01-01T00:00:00.000Z\""), ACME_TOKEN)
			.json()).hasSize(26);
		assertThat(http
			.get("/okta/acme/api/v1/users?filter=" + encode("lastUpdated lt \"2000-01-01T00:00:00.000Z\""), ACME_TOKEN)
			.json()).isEmpty();
	}

	@Test
	void badFiltersAre400WithACause() {
		for (String bad : List.of("profile.department eq \"Sales\"", "status sw \"ACT\"", "status eq",
				"status eq \"A\" and", "not status eq \"ACTIVE\"", "lastUpdated gt \"yesterday\"",
				"(status eq \"ACTIVE\"")) {
			OktaHttp.Response response = http.get("/okta/acme/api/v1/users?filter=" + encode(bad), ACME_TOKEN);
			assertThat(response.status()).as(bad).isEqualTo(400);
			assertThat(response.errorCode()).isEqualTo("E0000001");
			assertThat(response.json().path("errorCauses").get(0).path("errorSummary").asString()).as(bad)
				.startsWith("filter: ");
		}
	}

	@Test
	void searchSupportsStartsWithContainsAndGrouping() {
		assertThat(http.get("/okta/acme/api/v1/users?search=" + encode("profile.department eq \"sales\""), ACME_TOKEN)
			.json()).hasSize(9);
		assertThat(http.get("/okta/acme/api/v1/users?search=" + encode("profile.login sw \"ada\""), ACME_TOKEN).json())
			.hasSize(1);
		assertThat(http
			.get("/okta/acme/api/v1/users?search="
					+ encode("profile.lastName co \"a\" and (status eq \"ACTIVE\" or status eq \"SUSPENDED\")"),
					ACME_TOKEN)
			.json()).isNotEmpty();
		assertThat(http.get("/okta/acme/api/v1/users?search=" + encode("profile.department co \"x\""), ACME_TOKEN)
			.status()).isEqualTo(400);
	}

	@Test
	void partialPostKeepsAndFullPutReplacesTheProfile() {
		String path = "/okta/acme/api/v1/users/ben.reed@acme.example";
		JsonNode posted = http.post(path, ACME_TOKEN, "{\"profile\":{\"title\":\"Engineer\"}}").json();
		assertThat(posted.path("profile").path("title").asString()).isEqualTo("Engineer");
		assertThat(posted.path("profile").path("department").asString()).isEqualTo("Engineering");
		JsonNode put = http
			.put(path, ACME_TOKEN,
					"{\"profile\":{\"login\":\"ben.reed@acme.example\","
							+ "\"email\":\"ben.reed@acme.example\",\"firstName\":\"Benjamin\",\"lastName\":\"Reed\"}}")
			.json();
		assertThat(put.path("profile").path("firstName").asString()).isEqualTo("Benjamin");
		assertThat(put.path("profile").has("department")).isFalse();
		assertThat(put.path("profile").has("title")).isFalse();
		assertThat(http.put(path, ACME_TOKEN, "{\"profile\":{\"firstName\":\"X\"}}").status()).isEqualTo(400);
		// renaming onto someone else's login is refused
		OktaHttp.Response taken = http.post(path, ACME_TOKEN, "{\"profile\":{\"login\":\"Cara.Hale@acme.example\"}}");
		assertThat(taken.status()).isEqualTo(400);
	}

	@Test
	void lifecycleFollowsTheStateMachine() {
		String user = "/okta/acme/api/v1/users/cara.hale@acme.example";
		assertThat(http.post(user + "/lifecycle/unsuspend", ACME_TOKEN, null).status()).isEqualTo(400);
		assertThat(http.post(user + "/lifecycle/suspend", ACME_TOKEN, null).status()).isEqualTo(200);
		assertThat(http.get(user, ACME_TOKEN).json().path("status").asString()).isEqualTo("SUSPENDED");
		assertThat(http.post(user + "/lifecycle/suspend", ACME_TOKEN, null).status()).isEqualTo(400);
		assertThat(http.post(user + "/lifecycle/unsuspend", ACME_TOKEN, null).status()).isEqualTo(200);
		OktaHttp.Response alreadyActive = http.post(user + "/lifecycle/activate", ACME_TOKEN, null);
		assertThat(alreadyActive.status()).isEqualTo(403);
		assertThat(alreadyActive.errorCode()).isEqualTo("E0000016");
		assertThat(http.post(user + "/lifecycle/reactivate", ACME_TOKEN, null).status()).isEqualTo(403);
		assertThat(http.post(user + "/lifecycle/deactivate", ACME_TOKEN, null).status()).isEqualTo(200);
		assertThat(http.get(user, ACME_TOKEN).json().path("status").asString()).isEqualTo("DEPROVISIONED");
		assertThat(http.post(user + "/lifecycle/suspend", ACME_TOKEN, null).status()).isEqualTo(400);
		JsonNode activation = http.post(user + "/lifecycle/activate?sendEmail=false", ACME_TOKEN, null).json();
		assertThat(activation.path("activationToken").asString()).isNotEmpty();
		assertThat(http.get(user, ACME_TOKEN).json().path("status").asString()).isEqualTo("ACTIVE");
	}

	@Test
	void stagedActivatesToProvisionedWithoutAPasswordAndReactivates() {
		String id = http.post("/okta/acme/api/v1/users?activate=false", ACME_TOKEN, newUser("staged.one@acme.example"))
			.json()
			.path("id")
			.asString();
		String user = "/okta/acme/api/v1/users/" + id;
		assertThat(http.post(user + "/lifecycle/activate", ACME_TOKEN, null).status()).isEqualTo(200);
		assertThat(http.get(user, ACME_TOKEN).json().path("status").asString()).isEqualTo("PROVISIONED");
		assertThat(http.post(user + "/lifecycle/reactivate?sendEmail=false", ACME_TOKEN, null)
			.json()
			.path("activationUrl")
			.asString()).contains("/okta/acme/");
	}

	@Test
	void deleteDeactivatesFirstThenDeletes() {
		String user = "/okta/acme/api/v1/users/dev.patel@acme.example";
		String id = http.get(user, ACME_TOKEN).json().path("id").asString();
		assertThat(http.delete(user, ACME_TOKEN).status()).isEqualTo(204);
		assertThat(http.get(user, ACME_TOKEN).json().path("status").asString()).isEqualTo("DEPROVISIONED");
		assertThat(http.delete("/okta/acme/api/v1/users/" + id, ACME_TOKEN).status()).isEqualTo(204);
		assertThat(http.get("/okta/acme/api/v1/users/" + id, ACME_TOKEN).status()).isEqualTo(404);
		// the login is free again
		assertThat(http.post("/okta/acme/api/v1/users", ACME_TOKEN, newUser("dev.patel@acme.example")).status())
			.isEqualTo(200);
	}

	static String newUser(String login) {
		return "{\"profile\":{\"login\":\"" + login + "\",\"email\":\"" + login
				+ "\",\"firstName\":\"New\",\"lastName\":\"Person\"}}";
	}

	static String newUserWithPassword(String login, String password) {
		return "{\"profile\":{\"login\":\"" + login + "\",\"email\":\"" + login
				+ "\",\"firstName\":\"New\",\"lastName\":\"Person\"},\"credentials\":{\"password\":{\"value\":\""
				+ password + "\"}}}";
	}

}
