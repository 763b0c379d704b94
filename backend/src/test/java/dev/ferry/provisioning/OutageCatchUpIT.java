package dev.ferry.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.connection.Connections;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;
import dev.ferry.test.TcpProxy;
import dev.ferry.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, defect 3: changes made while Ferry cannot take Okta's event hook deliveries
 * (Okta retries a delivery once, then drops it) reach ShareFile within 30 s of Ferry
 * being able to again — after a restart, and after the database comes back — and the hook
 * endpoint answers within Okta's 3-second timeout while the database is unreachable.
 *
 * <p>
 * Ferry runs as separate processes ({@link FerryProcess}) so that it can really be killed
 * and restarted on the address Okta delivers to, and so that its database can be cut
 * ({@link TcpProxy}) without touching the PostgreSQL every other test uses. This class's
 * own context only sets the world up: it has the {@code web} role alone and runs right
 * after {@code WorkerCrashIT} ({@code @Order(2)}), before any other class's context
 * (whose workers and schedulers would do the catching up for the process under test)
 * exists.
 */
@FerryIntegrationTest
@TestPropertySource(properties = "ferry.roles=web")
@DirtiesContext
@Order(2)
class OutageCatchUpIT {

	/**
	 * What the issue promises: a change made during the outage is in ShareFile this soon
	 * after recovery.
	 */
	static final Duration AFTER_RECOVERY = Duration.ofSeconds(30);

	static final Duration CONVERGE = Duration.ofSeconds(120);

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void changesMadeWhileFerryWasDownReachShareFileSoonAfterItStarts() throws Exception {
		int port = Sandbox.freePort();
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		String person;
		String email;
		try (FerryProcess first = FerryProcess.start("before-restart", "web,worker,scheduler", port, Map.of())) {
			person = provisionOneWithTheHookAt(world, first, "Ria", "Start");
			email = world.email("Ria", "Start");
			// the System Log was read moments ago: without catching up, the next read is
			// five minutes away
			await().atMost(CONVERGE)
				.until(() -> world
					.as(() -> jdbc.queryForList("select polled_at from source_poll_cursor where polled_at is not null",
							Timestamp.class))
					.size() == 1);
			first.kill();
		}
		// Okta tries to deliver the change to the dead process, once more, then gives up
		long givenUp = world.failedHookDeliveries();
		world.profile(person, "{\"lastName\":\"WhileDown\"}");
		await("Okta giving up on the delivery").atMost(Duration.ofSeconds(30))
			.until(() -> world.failedHookDeliveries() > givenUp);

		try (FerryProcess second = FerryProcess.start("after-restart", "web,worker,scheduler", port, Map.of())) {
			long ready = System.nanoTime();
			await("the change made while Ferry was down, in " + second).atMost(AFTER_RECOVERY)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> "WhileDown".equals(ProvisioningWorld.text(world.shareFileUser(email), "lastName")));
			System.out.printf(
					"Change made while Ferry was down reached ShareFile %d ms after the restarted process was ready%n",
					Duration.ofNanos(System.nanoTime() - ready).toMillis());
		}
	}

	@Test
	void withTheDatabaseUnreachableTheHookAnswersInTimeAndChangesCatchUpAfter() throws Exception {
		int port = Sandbox.freePort();
		URI database = URI.create(TestServices.get().jdbcUrl().substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort());
				FerryProcess ferry = FerryProcess.start("database-outage", "web,worker,scheduler", port,
						Map.of("spring.datasource.url",
								"jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getPath(),
								// the production default: a request would wait this long
								// for a connection
								"spring.datasource.hikari.connection-timeout", "30000"))) {
			ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
			String person = provisionOneWithTheHookAt(world, ferry, "Dee", "Bee");
			String email = world.email("Dee", "Bee");
			String secret = world.as(() -> connections.hookSecret()).orElseThrow();

			proxy.cut();
			long start = System.nanoTime();
			HttpResponse<String> answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(ferry.baseUrl() + "/hooks/okta/" + world.tenant.slug()))
					.header("Authorization", secret)
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(10))
					.POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"events\":[{\"uuid\":\"drill-1\","
							+ "\"eventType\":\"user.account.update_profile\",\"target\":[{\"id\":\"" + person
							+ "\",\"type\":\"User\"}]}]}}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
			System.out.printf("Hook delivery with the database unreachable: %d in %d ms%n", answer.statusCode(),
					tookMs);
			assertThat(answer.statusCode()).as("Okta is asked to retry").isEqualTo(503);
			assertThat(tookMs).as("answered within Okta's 3 s timeout").isLessThan(3000);

			long givenUp = world.failedHookDeliveries();
			world.profile(person, "{\"lastName\":\"DuringOutage\"}");
			// answered 503 (the delivery, then Okta's one retry), then given up on
			await("Okta giving up on the delivery").atMost(Duration.ofSeconds(30))
				.until(() -> world.failedHookDeliveries() > givenUp);
			proxy.restore();
			long restored = System.nanoTime();
			await("the change made while the database was away").atMost(AFTER_RECOVERY)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> "DuringOutage".equals(ProvisioningWorld.text(world.shareFileUser(email), "lastName")));
			System.out.printf("Change made while the database was away reached ShareFile %d ms after it came back%n",
					Duration.ofNanos(System.nanoTime() - restored).toMillis());
		}
	}

	/**
	 * Provisioning on, one person provisioned by {@code ferry}, the org's event hook
	 * delivering to it.
	 */
	private String provisionOneWithTheHookAt(ProvisioningWorld world, FerryProcess ferry, String first, String last)
			throws Exception {
		world.configure(config -> config.withEnabled(true));
		world.registerHook();
		world.pointHookAt(ferry.baseUrl());
		String person = world.person(first, last);
		world.assign(person);
		await("the person provisioned by " + ferry).atMost(CONVERGE)
			.until(() -> world.as(() -> provisioning.linkedAccounts()) == 1);
		return person;
	}

}
