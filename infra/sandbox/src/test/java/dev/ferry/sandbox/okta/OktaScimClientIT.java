package dev.ferry.sandbox.okta;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ferry.sandbox.okta.OktaHttp.ACME_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password change pushed to an app's SCIM service as Okta's SCIM client does
 * (docs/reference/okta.md §8).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaScimClientIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	HookReceiver scim;

	@BeforeEach
	void setUp() throws Exception {
		http = new OktaHttp(port);
		http.post("/sandbox/api/reset", null, null);
		scim = new HookReceiver();
		assertThat(http
			.post("/sandbox/api/okta/acme/users", null,
					"""
							{"profile":{"login":"sync.me@acme.example","email":"sync.me@acme.example","firstName":"Sync","lastName":"Me"},
							 "credentials":{"password":{"value":"Ferry-demo-1"}}}
							""")
			.status()).isLessThan(300);
	}

	@AfterEach
	void tearDown() {
		scim.close();
	}

	@Test
	void anUnknownPersonIsCreatedWithThePasswordAndAKnownOnePatched() throws Exception {
		assertThat(http.put("/sandbox/api/okta/acme/apps/ShareFile/users/sync.me@acme.example", null, null).status())
			.isLessThan(300);
		assertThat(http
			.put("/sandbox/api/okta/acme/apps/ShareFile/scim", null,
					"{\"baseUrl\":\"" + scim.uri() + "\",\"token\":\"scim-token\",\"syncPassword\":true}")
			.status()).isEqualTo(200);
		scim.thenReply(200, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0,"
				+ "\"startIndex\":1,\"itemsPerPage\":0,\"Resources\":[]}");
		scim.thenReply(201, "{\"id\":\"u1\",\"userName\":\"sync.me@acme.example\"}");

		JsonNode first = http
			.post("/sandbox/api/okta/acme/users/sync.me@acme.example/password", null,
					"{\"password\":\"First-Pass-42\"}")
			.json();

		assertThat(first.toString()).doesNotContain("First-Pass-42");
		JsonNode calls = first.path("scim").iterator().next();
		assertThat(calls.findValuesAsString("method")).containsExactly("GET", "POST");
		assertThat(calls.get(1).path("status").asInt()).isEqualTo(201);
		HookReceiver.Received lookup = scim.next();
		assertThat(lookup.method()).isEqualTo("GET");
		assertThat(lookup.headers().getFirst("Authorization")).isEqualTo("Bearer scim-token");
		assertThat(lookup.headers().getFirst("User-Agent")).isEqualTo("Okta SCIM Client 1.0.0");
		HookReceiver.Received create = scim.next();
		assertThat(create.method()).isEqualTo("POST");
		assertThat(create.headers().getFirst("Content-Type")).startsWith("application/scim+json");
		assertThat(OktaHttp.parse(create.body()).path("password").asString()).isEqualTo("First-Pass-42");
		JsonNode changed = http
			.get("/okta/acme/api/v1/logs?filter=" + OktaHttp.encode("eventType eq \"user.account.update_password\""),
					ACME_TOKEN)
			.json();
		assertThat(changed.findValuesAsString("result")).as("the Okta password changed too").containsExactly("SUCCESS");

		scim.thenReply(200, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":1,"
				+ "\"startIndex\":1,\"itemsPerPage\":1,\"Resources\":[{\"id\":\"u1\",\"userName\":\"sync.me@acme.example\"}]}");
		scim.thenReply(200, "{\"id\":\"u1\"}");
		http.post("/sandbox/api/okta/acme/users/sync.me@acme.example/password", null,
				"{\"password\":\"Second-Pass-42\"}");
		scim.next();
		HookReceiver.Received patch = scim.next();
		assertThat(patch.method()).isEqualTo("PATCH");
		JsonNode operation = OktaHttp.parse(patch.body()).path("Operations").get(0);
		assertThat(operation.path("op").asString()).isEqualTo("replace");
		assertThat(operation.has("path")).isFalse();
		assertThat(operation.path("value").path("password").asString()).isEqualTo("Second-Pass-42");
	}

	@Test
	void nothingIsPushedForAPersonNotAssignedOrWithoutSyncPassword() throws Exception {
		http.put("/sandbox/api/okta/acme/apps/ShareFile/scim", null,
				"{\"baseUrl\":\"" + scim.uri() + "\",\"token\":\"scim-token\",\"syncPassword\":true}");
		JsonNode notAssigned = http
			.post("/sandbox/api/okta/acme/users/sync.me@acme.example/password", null,
					"{\"password\":\"First-Pass-42\"}")
			.json();
		assertThat(notAssigned.path("scim").size()).isZero();
		http.put("/sandbox/api/okta/acme/apps/ShareFile/users/sync.me@acme.example", null, null);
		http.put("/sandbox/api/okta/acme/apps/ShareFile/scim", null,
				"{\"baseUrl\":\"" + scim.uri() + "\",\"token\":\"scim-token\",\"syncPassword\":false}");
		JsonNode noSync = http
			.post("/sandbox/api/okta/acme/users/sync.me@acme.example/password", null,
					"{\"password\":\"Second-Pass-42\"}")
			.json();
		assertThat(noSync.path("scim").size()).isZero();
		assertThat(scim.drain(300)).isEmpty();
	}

}
