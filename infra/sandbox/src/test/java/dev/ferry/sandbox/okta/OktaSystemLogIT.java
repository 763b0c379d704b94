package dev.ferry.sandbox.okta;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ferry.sandbox.okta.OktaHttp.ACME_TOKEN;
import static dev.ferry.sandbox.okta.OktaHttp.encode;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/logs}: LogEvent shape (§5) and polling semantics (§6). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaSystemLogIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	@BeforeEach
	void reset() {
		http = new OktaHttp(port);
		http.post("/sandbox/api/reset", null, null);
	}

	@Test
	void pollingAlwaysHasANextLinkAndResumesAfterIt() {
		OktaHttp.Response empty = http.get("/okta/acme/api/v1/logs?since=" + encode("2020-01-01T00:00:00.000Z"),
				ACME_TOKEN);
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.json()).isEmpty();
		String next = empty.link("next");
		assertThat(next).isNotNull()
			.startsWith(http.base() + "/okta/acme/api/v1/logs?")
			.contains("after=")
			.doesNotContain("since=");

		String user = http
			.post("/okta/acme/api/v1/users", ACME_TOKEN,
					OktaUsersApiIT.newUserWithPassword("log.person@acme.example", "Secret-pass-9"))
			.json()
			.path("id")
			.asString();
		OktaHttp.Response page = http.get(next, ACME_TOKEN);
		assertThat(page.json().findValuesAsString("eventType")).containsExactly("user.lifecycle.create",
				"user.lifecycle.activate");
		JsonNode event = page.json().get(0);
		assertThat(event.path("uuid").asString()).hasSize(36);
		assertThat(event.path("published").asString()).endsWith("Z");
		assertThat(event.path("severity").asString()).isEqualTo("INFO");
		assertThat(event.path("outcome").path("result").asString()).isEqualTo("SUCCESS");
		assertThat(event.path("actor").path("alternateId").asString()).isEqualTo("it.admin@acme.example");
		assertThat(event.path("target").get(0).path("id").asString()).isEqualTo(user);
		assertThat(event.path("target").get(0).path("type").asString()).isEqualTo("User");
		assertThat(event.path("debugContext").path("debugData").path("requestId").asString())
			.isEqualTo(page.json().get(1).path("debugContext").path("debugData").path("requestId").asString());
		assertThat(event.path("transaction").path("type").asString()).isEqualTo("WEB");

		// the next page is empty and still has a next link; nothing is repeated
		OktaHttp.Response after = http.get(page.link("next"), ACME_TOKEN);
		assertThat(after.json()).isEmpty();
		assertThat(after.link("next")).isNotNull();
		http.post("/okta/acme/api/v1/users/" + user + "/lifecycle/suspend", ACME_TOKEN, null);
		assertThat(http.get(after.link("next"), ACME_TOKEN).json().findValuesAsString("eventType"))
			.containsExactly("user.lifecycle.suspend");
	}

	@Test
	void requestIdOfTheCallMatchesTheEventsDebugData() {
		OktaHttp.Response call = http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/suspend",
				ACME_TOKEN, null);
		JsonNode events = http
			.get("/okta/acme/api/v1/logs?filter=" + encode("eventType eq \"user.lifecycle.suspend\""), ACME_TOKEN)
			.json();
		assertThat(events.get(0).path("debugContext").path("debugData").path("requestId").asString())
			.isEqualTo(call.header("X-Okta-Request-Id"));
	}

	@Test
	void pagesByLimitAndFiltersOnEventTypeAndTarget() {
		String ben = http.get("/okta/acme/api/v1/users/ben.reed@acme.example", ACME_TOKEN).json().path("id").asString();
		http.post("/okta/acme/api/v1/users/" + ben + "/lifecycle/suspend", ACME_TOKEN, null);
		http.post("/okta/acme/api/v1/users/" + ben + "/lifecycle/unsuspend", ACME_TOKEN, null);
		http.post("/okta/acme/api/v1/users/cara.hale@acme.example/lifecycle/suspend", ACME_TOKEN, null);
		OktaHttp.Response first = http.get("/okta/acme/api/v1/logs?limit=2", ACME_TOKEN);
		assertThat(first.json()).hasSize(2);
		OktaHttp.Response second = http.get(first.link("next"), ACME_TOKEN);
		assertThat(second.json().findValuesAsString("eventType")).containsExactly("user.lifecycle.suspend");
		assertThat(
				http.get("/okta/acme/api/v1/logs?filter=" + encode("target.id eq \"" + ben + "\""), ACME_TOKEN).json())
			.hasSize(2);
		assertThat(http
			.get("/okta/acme/api/v1/logs?filter="
					+ encode("eventType eq \"user.lifecycle.suspend\" or eventType eq \"user.lifecycle.unsuspend\""),
					ACME_TOKEN)
			.json()).hasSize(3);
	}

	@Test
	void boundedRequestsEndAndDescendingWorks() {
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/suspend", ACME_TOKEN, null);
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/unsuspend", ACME_TOKEN, null);
		OktaHttp.Response bounded = http.get("/okta/acme/api/v1/logs?since=" + encode("2020-01-01T00:00:00.000Z")
				+ "&until=" + encode("2100-01-01T00:00:00.000Z"), ACME_TOKEN);
		assertThat(bounded.json()).hasSize(2);
		assertThat(bounded.link("next")).isNull();
		assertThat(http.get("/okta/acme/api/v1/logs?sortOrder=DESCENDING", ACME_TOKEN)
			.json()
			.findValuesAsString("eventType")).containsExactly("user.lifecycle.unsuspend", "user.lifecycle.suspend");
	}

	@Test
	void badParametersAre400() {
		assertThat(http.get("/okta/acme/api/v1/logs?until=yesterday", ACME_TOKEN).errorCode()).isEqualTo("E0000001");
		assertThat(http.get("/okta/acme/api/v1/logs?limit=1001", ACME_TOKEN).status()).isEqualTo(400);
		assertThat(http.get("/okta/acme/api/v1/logs?filter=" + encode("published gt \"2020\""), ACME_TOKEN).status())
			.isEqualTo(400);
		assertThat(http.get("/okta/acme/api/v1/logs?since=" + encode("2020-01-01T00:00:00Z") + "&after=3", ACME_TOKEN)
			.status()).isEqualTo(400);
	}

	@Test
	void controlApiChangesAreLoggedLikeAdminActions() {
		http.put("/sandbox/api/okta/acme/groups/Sales/users/yara.diaz@acme.example", null, null);
		http.post("/sandbox/api/okta/acme/users/ben.reed@acme.example/profile", null, "{\"department\":\"Sales\"}");
		http.put("/sandbox/api/okta/acme/apps/ShareFile/users/xena.cruz@acme.example", null, null);
		http.delete("/sandbox/api/okta/acme/apps/ShareFile/users/xena.cruz@acme.example", null);
		JsonNode events = http.get("/okta/acme/api/v1/logs", ACME_TOKEN).json();
		assertThat(events.findValuesAsString("eventType")).containsExactly("group.user_membership.add",
				"application.user_membership.add", "user.account.update_profile", "application.user_membership.add",
				"application.user_membership.remove");
		JsonNode membership = events.get(1);
		assertThat(membership.path("target").findValuesAsString("type")).containsExactly("AppUser", "AppInstance",
				"User");
		assertThat(membership.path("legacyEventType").asString()).isEqualTo("app.generic.provision.assign_user_to_app");
		JsonNode profile = events.get(2);
		assertThat(profile.path("target").get(0).path("changeDetails").toString()).contains("Engineering", "Sales");
		assertThat(events.get(0).path("actor").path("alternateId").asString()).isEqualTo("it.admin@acme.example");
	}

}
