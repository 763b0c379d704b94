package dev.ferry.sandbox.core;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ferry.sandbox.sharefile.SfHttp;
import dev.ferry.sandbox.sharefile.SfHttp.Reply;

import static dev.ferry.sandbox.sharefile.SfHttp.api;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared core seen through ShareFile accounts: per-target fault injection (latency,
 * errors, throttle, outage), the request log, reset to seed, and unknown targets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxCoreIT {

	@LocalServerPort
	int port;

	SfHttp sf;

	String sub;

	String token;

	@BeforeEach
	void freshAccount() {
		sf = new SfHttp(port);
		sub = sf.newAccount(10);
		token = sf.admin(sub);
	}

	Reply faults(String json) {
		return sf.send("PUT", "/sandbox/api/sharefile/" + sub + "/faults", null, json);
	}

	@Test
	void latencyIsAddedToOneTargetOnly() {
		String other = sf.newAccount(10);
		String otherToken = sf.admin(other);
		assertThat(faults("{\"latencyMillis\":400}").status()).isEqualTo(200);

		long started = System.nanoTime();
		assertThat(sf.get(sub, "Users", token).status()).isEqualTo(200);
		long slowMillis = (System.nanoTime() - started) / 1_000_000;

		started = System.nanoTime();
		assertThat(sf.get(other, "Users", otherToken).status()).isEqualTo(200);
		long fastMillis = (System.nanoTime() - started) / 1_000_000;

		System.out.printf("latency fault: %d ms with 400 ms injected, %d ms on another account%n", slowMillis,
				fastMillis);
		assertThat(slowMillis).isGreaterThanOrEqualTo(400);
		assertThat(fastMillis).isLessThan(slowMillis);
	}

	@Test
	void errorRateOneAnswersEveryRequestWithA5xxInShareFileShape() {
		faults("{\"errorRate\":1.0}");
		for (int i = 0; i < 10; i++) {
			Reply reply = sf.get(sub, "Users", token);
			assertThat(reply.status()).isIn(500, 503);
			assertThat(reply.json()).containsKeys("code", "message", "reason");
			assertThat(reply.json().get("code")).isIn("InternalServerError", "ServiceUnavailable");
		}
		assertThat(sf.send("DELETE", "/sandbox/api/sharefile/" + sub + "/faults", null, null).status()).isEqualTo(204);
		assertThat(sf.get(sub, "Users", token).status()).isEqualTo(200);
	}

	@Test
	void throttleAllowsNPerMinuteThen429WithRetryAfter() {
		faults("{\"throttlePerMinute\":3}");
		for (int i = 0; i < 3; i++) {
			assertThat(sf.get(sub, "Users", token).status()).isEqualTo(200);
		}
		Reply throttled = sf.get(sub, "Users", token);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 60);
		assertThat(throttled.json()).containsEntry("code", "TooManyRequests").containsEntry("reason", "Throttled");
	}

	@Test
	void outageWindowAnswers503UntilItEnds() {
		faults("{\"outageSeconds\":30}");
		Reply down = sf.get(sub, "Users", token);
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.header("Retry-After")).isNotNull();
		assertThat(down.json()).containsEntry("code", "ServiceUnavailable")
			.containsEntry("reason", "ServiceUnavailable");
		// the token endpoint is inside the account too
		assertThat(sf.token(sub, Map.of("grant_type", "password")).status()).isEqualTo(503);
	}

	@Test
	void aWritesOnlyOutageServesReadsAndSignInsAndRefusesChanges() {
		faults("{\"outageSeconds\":30,\"writesOnly\":true}");
		assertThat(sf.get(sub, "Users", token).status()).isEqualTo(200);
		assertThat(sf.token(sub, Map.of("grant_type", "password")).status()).isNotEqualTo(503);
		Reply write = sf.send("POST", api(sub, "Users"), token,
				"{\"Email\":\"blocked@example.com\",\"FirstName\":\"B\",\"LastName\":\"W\"}");
		assertThat(write.status()).isEqualTo(503);
		assertThat(Integer.parseInt(write.header("Retry-After"))).isBetween(29, 31);
	}

	@Test
	@SuppressWarnings("unchecked")
	void requestLogRecordsMethodPathStatusAndWriteBodies() {
		long mark = ((Number) sf.send("GET", "/sandbox/api/requests/mark", null, null).json().get("sequence"))
			.longValue();
		sf.get(sub, "Users?$expand=Security", token);
		sf.send("POST", api(sub, "Users"), token,
				"{\"Email\":\"logged@example.com\",\"FirstName\":\"L\",\"LastName\":\"G\"}");
		sf.get(sub, "Users(nope)", token);

		List<Map<String, Object>> log = sf
			.send("GET", "/sandbox/api/sharefile/" + sub + "/requests?after=" + mark, null, null)
			.list();
		assertThat(log).extracting(r -> r.get("method")).containsExactly("GET", "POST", "GET");
		assertThat(log).extracting(r -> r.get("path"))
			.containsExactly("/sf/v3/Users", "/sf/v3/Users", "/sf/v3/Users(nope)");
		assertThat(log).extracting(r -> r.get("status")).containsExactly(200, 200, 404);
		assertThat(log.get(0).get("query")).isEqualTo("$expand=Security");
		assertThat(log.get(0).get("body")).isNull();
		assertThat((String) log.get(1).get("body")).contains("logged@example.com");

		long second = ((Number) log.get(1).get("sequence")).longValue();
		assertThat(sf.send("GET", "/sandbox/api/sharefile/" + sub + "/requests?after=" + second, null, null).list())
			.hasSize(1);
	}

	@Test
	void resetRestoresTheSeedAndClearsFaultsAndLogs() {
		String acmeAdmin = sf.admin("acme");
		sf.send("POST", api("acme", "Users"), acmeAdmin,
				"{\"Email\":\"drift@example.com\",\"FirstName\":\"D\",\"LastName\":\"R\"}");
		sf.send("PUT", "/sandbox/api/sharefile/acme/faults", null, "{\"latencyMillis\":5}");
		assertThat(sf.get("acme", "Users?emailaddress=drift%40example.com", acmeAdmin).status()).isEqualTo(200);

		assertThat(sf.send("POST", "/sandbox/api/reset", null, null).status()).isEqualTo(204);

		String fresh = sf.admin("acme");
		assertThat(sf.get("acme", "Users?emailaddress=drift%40example.com", fresh).status()).isEqualTo(404);
		assertThat(sf.get("acme", "Users?emailaddress=ada.stone%40acme.example", fresh).status()).isEqualTo(200);
		assertThat(sf.get("acme", "Users", acmeAdmin).status()).as("old tokens are gone").isEqualTo(401);
		assertThat(sf.send("GET", "/sandbox/api/sharefile/acme/faults", null, null).json())
			.containsEntry("latencyMillis", 0);
		assertThat(sf.send("GET", "/sandbox/api/sharefile/acme/requests", null, null).list()).hasSize(4); // the
																											// token
																											// and
																											// three
																											// calls
																											// above
		assertThat(sf.send("GET", "/sandbox/api/sharefile/" + sub + "/faults", null, null).status())
			.as("accounts created after start are gone")
			.isEqualTo(404);
		assertThat(sf.send("GET", "/sandbox/api/targets", null, null).json().get("sharefile"))
			.isEqualTo(List.of("acme", "globex"));
	}

	@Test
	void unknownTargetsAre404() {
		assertThat(sf.send("GET", "/sandbox/api/sharefile/nope/faults", null, null).status()).isEqualTo(404);
		assertThat(sf.send("PUT", "/sandbox/api/sharefile/nope/faults", null, "{\"errorRate\":1}").status())
			.isEqualTo(404);
		assertThat(sf.send("GET", "/sandbox/api/sharefile/nope/requests", null, null).status()).isEqualTo(404);
		assertThat(sf.send("GET", "/sandbox/api/sharefile/nope/users", null, null).status()).isEqualTo(404);
		Reply api = sf.get("nope", "Users", token);
		assertThat(api.status()).isEqualTo(404);
		assertThat(api.json()).containsEntry("code", "NotFound");
	}

}
