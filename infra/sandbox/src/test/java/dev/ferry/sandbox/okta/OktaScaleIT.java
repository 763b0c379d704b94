package dev.ferry.sandbox.okta;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 people in one org: generated through the control API, then paged with
 * {@code limit=200&after=...}. Asserts correctness; prints the timings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaScaleIT {

	static final int PEOPLE = 100_000;

	@LocalServerPort
	int port;

	@AfterEach
	void freeTheHeap() {
		new OktaHttp(port).post("/sandbox/api/reset", null, null);
	}

	@Test
	void pagesA100000PersonOrg() {
		OktaHttp http = new OktaHttp(port);
		http.post("/sandbox/api/okta/orgs", null, "{\"name\":\"scale\"}");
		long started = System.nanoTime();
		JsonNode generated = http
			.post("/sandbox/api/okta/scale/users/bulk", null, "{\"count\":" + PEOPLE + ",\"prefix\":\"load\"}")
			.json();
		long generateMillis = (System.nanoTime() - started) / 1_000_000;
		assertThat(generated.path("users").asInt()).isEqualTo(PEOPLE);

		String token = "SSWS sandbox-token-scale";
		String url = "/okta/scale/api/v1/users?limit=200";
		List<Long> pageMicros = new ArrayList<>();
		String lastId = "";
		for (int page = 0; page < 5; page++) {
			long t = System.nanoTime();
			OktaHttp.Response response = http.get(url, token);
			pageMicros.add((System.nanoTime() - t) / 1000);
			assertThat(response.status()).isEqualTo(200);
			JsonNode users = response.json();
			assertThat(users).hasSize(200);
			assertThat(users.get(0).path("profile").path("login").asString())
				.isEqualTo(String.format("load.%06d@scale.example", page * 200 + 1));
			for (JsonNode user : users) {
				assertThat(user.path("id").asString()).isGreaterThan(lastId);
				lastId = user.path("id").asString();
			}
			url = response.link("next");
			assertThat(url).contains("after=" + lastId);
		}

		// a deep page: the cursor of person 99,800 (found by login), then the last 200
		// and no next
		String deepCursor = http.get("/okta/scale/api/v1/users/load.099800@scale.example", token)
			.json()
			.path("id")
			.asString();
		long t = System.nanoTime();
		OktaHttp.Response deep = http.get("/okta/scale/api/v1/users?limit=200&after=" + deepCursor, token);
		long deepMicros = (System.nanoTime() - t) / 1000;
		assertThat(deep.json()).hasSize(200);
		assertThat(deep.json().get(0).path("profile").path("login").asString()).isEqualTo("load.099801@scale.example");
		assertThat(deep.json().get(199).path("profile").path("login").asString())
			.isEqualTo("load.100000@scale.example");
		assertThat(deep.link("next")).isNull();

		// a filter scans the org but stays usable
		t = System.nanoTime();
		OktaHttp.Response filtered = http.get(
				"/okta/scale/api/v1/users?filter=" + OktaHttp.encode("profile.login eq \"load.050000@scale.example\""),
				token);
		long filterMicros = (System.nanoTime() - t) / 1000;
		assertThat(filtered.json()).hasSize(1);

		System.out.printf(
				"OktaScaleIT: generated %d people in %d ms; first 5 pages (limit=200) in %s µs; "
						+ "deep page in %d µs; filter over %d people in %d µs%n",
				PEOPLE, generateMillis, pageMicros, deepMicros, PEOPLE, filterMicros);
	}

}
