package dev.ferry.sandbox.okta;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The Okta control API and the org page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaControlApiIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	@BeforeEach
	void reset() {
		http = new OktaHttp(port);
		http.post("/sandbox/api/reset", null, null);
	}

	@Test
	void createsAnOrgWithItsTokenAndPeople() {
		OktaHttp.Response created = http.post("/sandbox/api/okta/orgs", null,
				"{\"name\":\"initech\",\"shareFileApp\":true}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().path("apiTokens").get(0).asString()).isEqualTo("sandbox-token-initech");
		JsonNode person = http.post("/sandbox/api/okta/initech/users", null,
				"{\"profile\":{\"login\":\"pat@initech.example\",\"email\":\"pat@initech.example\",\"firstName\":\"Pat\","
						+ "\"lastName\":\"Lee\"},\"credentials\":{\"password\":{\"value\":\"Initech-pw-1\"}}}")
			.json();
		assertThat(person.path("status").asString()).isEqualTo("ACTIVE");
		http.put("/sandbox/api/okta/initech/apps/ShareFile/users/pat@initech.example", null, null);
		JsonNode state = http.get("/sandbox/api/okta/initech", null).json();
		assertThat(state.path("userCount").asInt()).isEqualTo(1);
		assertThat(state.path("people").get(0).path("apps").path("ShareFile").asString()).isEqualTo("USER");
		assertThat(http.get("/okta/initech/api/v1/users", "SSWS sandbox-token-initech").json()).hasSize(1);
		assertThat(http.get("/sandbox/api/targets", null).json().path("okta").toString()).contains("initech");
		assertThat(http.get("/sandbox/api/okta/nowhere", null).status()).isEqualTo(404);
	}

	@Test
	void changesPeopleGroupsAndAssignments() {
		assertThat(http.post("/sandbox/api/okta/acme/groups", null, "{\"name\":\"Finance\"}").status()).isEqualTo(200);
		assertThat(http.put("/sandbox/api/okta/acme/groups/Finance/users/ada.stone@acme.example", null, null).status())
			.isEqualTo(204);
		assertThat(http.put("/sandbox/api/okta/acme/apps/ShareFile/groups/Finance", null, null).status())
			.isEqualTo(204);
		assertThat(http.post("/sandbox/api/okta/acme/users/eli.moss@acme.example/lifecycle/suspend", null, null)
			.json()
			.path("status")
			.asString()).isEqualTo("SUSPENDED");
		assertThat(http.delete("/sandbox/api/okta/acme/users/eli.moss@acme.example", null).status()).isEqualTo(204);
		assertThat(http.get("/okta/acme/api/v1/users/eli.moss@acme.example", OktaHttp.ACME_TOKEN)
			.json()
			.path("status")
			.asString()).isEqualTo("DEPROVISIONED");
		OktaHttp.Response duplicate = http.post("/sandbox/api/okta/acme/users", null,
				"{\"profile\":{\"login\":\"ADA.STONE@acme.example\",\"email\":\"a@acme.example\",\"firstName\":\"A\",\"lastName\":\"S\"}}");
		assertThat(duplicate.status()).isEqualTo(400);
		assertThat(duplicate.errorCode()).isEqualTo("E0000001");
	}

	@Test
	void theOrgPageShowsPeopleAndItsFormsAct() throws Exception {
		OktaHttp.Response page = http.send("GET", "/sandbox/okta/acme", null, null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("ada.stone@acme.example", "ShareFile", "Sales", "sandbox-token-acme");
		String yara = http.get("/okta/acme/api/v1/users/yara.diaz@acme.example", OktaHttp.ACME_TOKEN)
			.json()
			.path("id")
			.asString();
		HttpResponse<String> posted = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(http.base() + "/sandbox/okta/acme/assign"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("app=ShareFile&user=" + yara))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(posted.statusCode()).isEqualTo(302);
		assertThat(posted.headers().firstValue("Location").orElse("")).contains("/sandbox/okta/acme");
		String appId = http.get("/okta/acme/api/v1/apps?q=ShareFile", OktaHttp.ACME_TOKEN)
			.json()
			.get(0)
			.path("id")
			.asString();
		assertThat(http.get("/okta/acme/api/v1/apps/" + appId + "/users/" + yara, OktaHttp.ACME_TOKEN)
			.json()
			.path("scope")
			.asString()).isEqualTo("USER");
	}

}
