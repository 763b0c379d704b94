package dev.ferry.provisioning;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Okta's published "SCIM 2.0 SPEC Test" (the Runscope suite Okta asks SCIM services to
 * pass before it lists them), replayed step by step against a SCIM-push organisation: the
 * same requests with the same headers (a plain {@code application/json} create, a token
 * that is not one), names generated as its initial script generates them, and every
 * assertion it makes, the optional Groups step included (but for its response-time limit:
 * timings are the benchmark's). The pauses between steps are not replayed.
 */
@FerryIntegrationTest
class OktaScimSpecIT {

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

	String base;

	String auth;

	@Test
	void everyRequiredStepPasses() throws Exception {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		base = scimTokens.baseUrl(world.tenant.slug());
		auth = "Bearer " + world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));

		// the suite's initial script
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String givenName = "Runscope" + random.nextInt(100, 1000);
		StringBuilder last = new StringBuilder().append((char) ('A' + random.nextInt(26)));
		for (int i = 0; i < 8; i++) {
			last.append((char) ('a' + random.nextInt(26)));
		}
		String familyName = last.append(random.nextInt(100, 1000)).toString();
		String email = givenName + familyName + "@atko.com";
		String userName = email;
		String invalidUserEmail = "abcdefgh@atko.com";
		String userIdThatDoesNotExist = "010101001010101011001010101011";
		// Okta's instructions: at least one user exists before the suite runs
		HttpResponse<String> seeded = post("/Users", user("Seed", "Person", "seed.person@atko.com"));
		assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(201);

		// S1: Test Users endpoint
		HttpResponse<String> s1 = get("/Users?count=1&startIndex=1", auth);
		assertThat(s1.statusCode()).isEqualTo(200);
		JsonNode list = json(s1);
		assertThat(list.path("Resources").isEmpty()).isFalse();
		assertThat(values(list.path("schemas"))).contains("urn:ietf:params:scim:api:messages:2.0:ListResponse");
		assertThat(list.path("itemsPerPage").isNumber()).isTrue();
		assertThat(list.path("startIndex").isNumber()).isTrue();
		assertThat(list.path("totalResults").isNumber()).isTrue();
		JsonNode first = list.path("Resources").get(0);
		for (String path : new String[] { "id", "name/familyName", "name/givenName", "userName", "active",
				"emails/0/value" }) {
			assertThat(notEmpty(first.at("/" + path))).as(path).isTrue();
		}
		String isvUserId = first.path("id").asString();

		// S2: Get Users/{{id}}
		HttpResponse<String> s2 = get("/Users/" + isvUserId, auth);
		assertThat(s2.statusCode()).isEqualTo(200);
		JsonNode one = json(s2);
		for (String path : new String[] { "id", "name/familyName", "name/givenName", "userName", "active",
				"emails/0/value" }) {
			assertThat(notEmpty(one.at("/" + path))).as(path).isTrue();
		}
		assertThat(one.path("id").asString()).isEqualTo(isvUserId);

		// S3: Test invalid User by username
		HttpResponse<String> s3 = get("/Users?filter=" + encode("userName eq \"" + invalidUserEmail + "\""), auth);
		assertThat(s3.statusCode()).isEqualTo(200);
		assertThat(values(json(s3).path("schemas"))).contains("urn:ietf:params:scim:api:messages:2.0:ListResponse");
		assertThat(json(s3).path("totalResults").asString()).isEqualTo("0");

		// S4: Test invalid User by ID
		HttpResponse<String> s4 = get("/Users/" + userIdThatDoesNotExist, auth);
		assertThat(s4.statusCode()).isEqualTo(404);
		assertThat(notEmpty(json(s4).path("detail"))).isTrue();
		assertThat(values(json(s4).path("schemas"))).contains("urn:ietf:params:scim:api:messages:2.0:Error");

		// S5: Make sure random user doesn't exist
		HttpResponse<String> s5 = get("/Users?filter=" + encode("userName eq \"" + email + "\""), auth);
		assertThat(s5.statusCode()).isEqualTo(200);
		assertThat(json(s5).path("totalResults").asInt(-1)).isZero();
		assertThat(values(json(s5).path("schemas"))).contains("urn:ietf:params:scim:api:messages:2.0:ListResponse");

		// S6: Create Okta user with realistic values (Content-Type: application/json)
		HttpResponse<String> s6 = post("/Users", user(givenName, familyName, userName));
		assertThat(s6.statusCode()).as(s6.body()).isEqualTo(201);
		JsonNode created = json(s6);
		assertThat(created.path("active").asString()).isEqualTo("true");
		assertThat(notEmpty(created.path("id"))).isTrue();
		assertThat(created.path("name").path("familyName").asString()).isEqualTo(familyName);
		assertThat(created.path("name").path("givenName").asString()).isEqualTo(givenName);
		assertThat(values(created.path("schemas"))).contains("urn:ietf:params:scim:schemas:core:2.0:User");
		assertThat(created.path("userName").asString()).as("case kept as sent").isEqualTo(userName);
		String idUserOne = created.path("id").asString();

		// S7: Verify that user was created
		HttpResponse<String> s7 = get("/Users/" + idUserOne, auth);
		assertThat(s7.statusCode()).isEqualTo(200);
		assertThat(json(s7).path("userName").asString()).isEqualTo(userName);
		assertThat(json(s7).path("name").path("familyName").asString()).isEqualTo(familyName);
		assertThat(json(s7).path("name").path("givenName").asString()).isEqualTo(givenName);

		// S8: Expect failure when recreating user with same values
		assertThat(post("/Users", user(givenName, familyName, userName)).statusCode()).isEqualTo(409);

		// S9: Username Case Sensitivity Check (Ferry matches ignoring case)
		HttpResponse<String> s9 = get(
				"/Users?filter=" + encode("userName eq \"" + userName.toUpperCase(Locale.ROOT) + "\""), auth);
		assertThat(s9.statusCode()).isEqualTo(200);
		assertThat(json(s9).path("totalResults").asInt()).isEqualTo(1);

		// S10 (optional): Verify Groups endpoint; its response-time limit is a
		// performance
		// claim, which belongs to docs/benchmarks.md, not to a test
		HttpResponse<String> s10 = get("/Groups", auth);
		assertThat(s10.statusCode()).isEqualTo(200);
		JsonNode groups = json(s10);
		assertThat(groups.path("totalResults").isNumber()).isTrue();
		if (groups.path("totalResults").asInt() >= 1) {
			assertThat(groups.path("Resources").isArray()).isTrue();
		}

		// S11: Check status 401, with a token that is not one
		HttpResponse<String> s11 = get(
				"/Users?filter=" + encode("userName eq \"" + userName.toUpperCase(Locale.ROOT) + "\""), "non-token");
		assertThat(s11.statusCode()).isEqualTo(401);
		assertThat(notEmpty(json(s11).path("detail"))).isTrue();
		assertThat(json(s11).path("status").asString()).isEqualTo("401");
		assertThat(values(json(s11).path("schemas"))).contains("urn:ietf:params:scim:api:messages:2.0:Error");

		// S12: Check status 404
		HttpResponse<String> s12 = get("/Users/00919288221112222", auth);
		assertThat(s12.statusCode()).isEqualTo(404);
		assertThat(notEmpty(json(s12).path("detail"))).isTrue();
		assertThat(json(s12).path("status").asString()).isEqualTo("404");
		assertThat(values(json(s12).path("schemas"))).contains("urn:ietf:params:scim:api:messages:2.0:Error");
	}

	private static String user(String givenName, String familyName, String userName) {
		return """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
				 "name":{"givenName":"%s","familyName":"%s"},
				 "emails":[{"primary":true,"value":"%s","type":"work"}],
				 "displayName":"%s %s","active":true}""".formatted(userName, givenName, familyName, userName, givenName,
				familyName);
	}

	/** The suite's GET headers. */
	private HttpResponse<String> get(String path, String authorization) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Accept-Charset", "utf-8")
			.header("Content-Type", "application/scim+json; charset=utf-8")
			.header("Accept", "application/scim+json")
			.header("Authorization", authorization)
			.header("User-Agent", "OKTA SCIM Integration")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The suite's POST headers: a plain JSON content type. */
	private HttpResponse<String> post(String path, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/json")
			.header("Authorization", auth)
			.header("Accept", "application/scim+json; charset=utf-8")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Runscope's not_empty: present, not null, not "" and not an empty array or object.
	 */
	private static boolean notEmpty(JsonNode node) {
		return !node.isMissingNode() && !node.isNull() && !(node.isString() && node.asString().isEmpty())
				&& !((node.isArray() || node.isObject()) && node.isEmpty());
	}

	private static java.util.List<String> values(JsonNode array) {
		java.util.List<String> values = new java.util.ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}

	private static JsonNode json(HttpResponse<String> response) {
		return ProvisioningWorld.JSON.readTree(response.body());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
