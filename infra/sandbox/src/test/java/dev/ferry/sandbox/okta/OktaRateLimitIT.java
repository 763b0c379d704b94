package dev.ferry.sandbox.okta;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ferry.sandbox.okta.OktaHttp.ACME_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** Rate-limit headers and 429 E0000047 per bucket (docs/reference/okta.md §7). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaRateLimitIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	@BeforeEach
	void reset() {
		http = new OktaHttp(port);
		http.post("/sandbox/api/reset", null, null);
	}

	@Test
	void everyResponseCarriesTheBucketsHeaders() {
		OktaHttp.Response users = http.get("/okta/acme/api/v1/users", ACME_TOKEN);
		assertThat(users.header("X-Rate-Limit-Limit")).isEqualTo("600");
		assertThat(users.header("X-Rate-Limit-Remaining")).isEqualTo("599");
		long reset = Long.parseLong(users.header("X-Rate-Limit-Reset"));
		assertThat(reset).isBetween(System.currentTimeMillis() / 1000 + 55, System.currentTimeMillis() / 1000 + 61);
		assertThat(http.get("/okta/acme/api/v1/users/ada.stone@acme.example", ACME_TOKEN).header("X-Rate-Limit-Limit"))
			.isEqualTo("2000");
		assertThat(http.get("/okta/acme/api/v1/apps", ACME_TOKEN).header("X-Rate-Limit-Limit")).isEqualTo("100");
		assertThat(http.get("/okta/acme/api/v1/logs", ACME_TOKEN).header("X-Rate-Limit-Limit")).isEqualTo("120");
		assertThat(http.get("/okta/acme/api/v1/eventHooks", ACME_TOKEN).header("X-Rate-Limit-Limit")).isEqualTo("1200");
		assertThat(http.get("/okta/acme/api/v1/users", null).header("X-Rate-Limit-Limit")).isEqualTo("600");
	}

	@Test
	void answers429WhenTheBucketIsSpentAndOtherBucketsStillServe() {
		assertThat(http.put("/sandbox/api/okta/acme/rate-limits", null, "{\"users\":3}").json().path("users").asInt())
			.isEqualTo(3);
		for (int i = 0; i < 3; i++) {
			assertThat(http.get("/okta/acme/api/v1/users?limit=1", ACME_TOKEN).status()).isEqualTo(200);
		}
		OktaHttp.Response limited = http.get("/okta/acme/api/v1/users?limit=1", ACME_TOKEN);
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.errorCode()).isEqualTo("E0000047");
		assertThat(limited.json().path("errorSummary").asString())
			.isEqualTo("API call exceeded rate limit due to too many requests.");
		assertThat(limited.header("X-Rate-Limit-Limit")).isEqualTo("3");
		assertThat(limited.header("X-Rate-Limit-Remaining")).isEqualTo("0");
		assertThat(limited.header("X-Rate-Limit-Reset")).isNotBlank();
		assertThat(limited.header("X-Okta-Request-Id")).isNotBlank();
		// a different bucket, and a different org, are unaffected
		assertThat(http.get("/okta/acme/api/v1/users/ada.stone@acme.example", ACME_TOKEN).status()).isEqualTo(200);
		assertThat(http.get("/okta/globex/api/v1/users?limit=1", "SSWS sandbox-token-globex").status()).isEqualTo(200);
		// back to defaults
		http.delete("/sandbox/api/okta/acme/rate-limits", null);
		assertThat(http.get("/okta/acme/api/v1/users?limit=1", ACME_TOKEN).status()).isEqualTo(200);
	}

	@Test
	void unknownBucketIsRefusedByTheControlApi() {
		assertThat(http.put("/sandbox/api/okta/acme/rate-limits", null, "{\"nope\":3}").status()).isEqualTo(400);
	}

}
