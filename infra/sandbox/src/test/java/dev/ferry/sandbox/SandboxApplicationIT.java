package dev.ferry.sandbox;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox starts, reports healthy and serves its control page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxApplicationIT {

	@LocalServerPort
	int port;

	RestClient http() {
		return RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	@Test
	void reportsHealthy() {
		assertThat(http().get().uri("/actuator/health").retrieve().body(Map.class)).containsEntry("status", "UP");
	}

	@Test
	void servesItsControlPage() {
		assertThat(http().get().uri("/sandbox").retrieve().body(String.class)).contains("Okta").contains("ShareFile");
	}

}
