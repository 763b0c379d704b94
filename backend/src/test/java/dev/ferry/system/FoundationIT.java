package dev.ferry.system;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application starts against real PostgreSQL and Redis and reports on both. */
@FerryIntegrationTest
class FoundationIT {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	FerryProperties properties;

	RestClient http() {
		return RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthReportsTheDatabaseAndRedisUpToTheOperator() {
		Map<String, Object> health = http().get()
			.uri("/actuator/health")
			.headers(h -> h.setBasicAuth("metrics", "test-metrics"))
			.retrieve()
			.body(Map.class);
		assertThat(health).containsEntry("status", "UP");
		Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) health.get("components");
		assertThat(components.get("db")).containsEntry("status", "UP");
		assertThat(components.get("redis")).containsEntry("status", "UP");
	}

	@Test
	@SuppressWarnings("unchecked")
	void anonymousHealthSaysOnlyUpOrDown() {
		for (String probe : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			Map<String, Object> health = http().get().uri(probe).retrieve().body(Map.class);
			assertThat(health).as(probe).containsEntry("status", "UP").doesNotContainKeys("components", "details");
			assertThat(health.toString()).as(probe).doesNotContain("redis").doesNotContain("PostgreSQL");
		}
	}

	@Test
	void prometheusExposesJvmAndHttpMetricsToTheMetricsUserOnly() {
		http().get().uri("/actuator/health").retrieve().toBodilessEntity();
		String metrics = http().get()
			.uri("/actuator/prometheus")
			.headers(h -> h.setBasicAuth("metrics", "test-metrics"))
			.retrieve()
			.body(String.class);
		assertThat(metrics).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
		for (String password : new String[] { null, "wrong", "" }) {
			int status = http().get().uri("/actuator/prometheus").headers(h -> {
				if (password != null) {
					h.setBasicAuth("metrics", password);
				}
			}).retrieve().onStatus(s -> true, (request, response) -> {
			}).toBodilessEntity().getStatusCode().value();
			assertThat(status).as("password " + password).isEqualTo(401);
		}
	}

	@Test
	void runsOnItsOwnMigratedDatabaseAsTheApplicationRole() throws Exception {
		assertThat(jdbc.queryForObject("select current_database()", String.class))
			.isEqualTo(TestServices.get().databaseName());
		assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo(TestServices.APP_ROLE);
		try (var owner = TestServices.get().ownerConnection();
				var rows = owner.createStatement()
					.executeQuery("select count(*) from flyway_schema_history where success")) {
			rows.next();
			assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void writesRedisKeysUnderItsOwnPrefix() {
		String key = properties.redis().key("foundation-check");
		assertThat(key).startsWith(TestServices.get().redisKeyPrefix());
		redis.opsForValue().set(key, "ok");
		assertThat(redis.opsForValue().get(key)).isEqualTo("ok");
	}

	@Test
	void pagesNeedASignedInPerson() {
		var response = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.build()
			.get()
			.uri("/")
			.retrieve()
			.onStatus(status -> true, (request, resp) -> {
			})
			.toBodilessEntity();
		assertThat(response.getStatusCode().value()).isEqualTo(302);
		assertThat(response.getHeaders().getLocation()).hasPath("/login");
	}

	@Test
	void anHtmxCallWithoutASessionIsToldToReloadTheSignInPage() {
		var response = http().get()
			.uri("/")
			.header("HX-Request", "true")
			.retrieve()
			.onStatus(status -> true, (request, resp) -> {
			})
			.toBodilessEntity();
		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(response.getHeaders().getFirst("HX-Redirect")).isEqualTo("/login");
	}

}
