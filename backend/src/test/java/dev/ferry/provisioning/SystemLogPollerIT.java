package dev.ferry.provisioning;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.connection.Connections;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The System Log poller is the safety net under the event hook: it reads the same events
 * (the same ids), so what the hook already carried must not be synced a second time.
 * Polled here every second even with a verified hook, so the poll surely comes after the
 * hook's delivery.
 */
@FerryIntegrationTest
@TestPropertySource(properties = "ferry.provisioning.poll-interval-with-hook=1s")
class SystemLogPollerIT {

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
	void changesTheHookDeliveredAreNotSyncedAgainByThePoller() {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.configure(config -> config.withEnabled(true));
		world.registerHook();
		String nia = world.person("Nia", "Brook");
		world.assign(nia);
		await().atMost(Duration.ofSeconds(30)).until(() -> world.shareFileUser(world.email("Nia", "Brook")) != null);
		world.profile(nia, "{\"lastName\":\"Brook-Ames\"}");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "Brook-Ames"
				.equals(ProvisioningWorld.text(world.shareFileUser(world.email("Nia", "Brook")), "lastName")));

		// two polls after everything was delivered: the poller has read these events by
		// then
		Instant delivered = Instant.now();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> world
				.as(() -> jdbc.queryForList("select polled_at from source_poll_cursor where polled_at > ?",
						Timestamp.class, Timestamp.from(delivered.plusSeconds(2))))
				.size() == 1);

		assertThat(world.as(() -> jdbc.queryForObject("select count(*) from job where kind = 'identity.sync' "
				+ "and job_key = ? and payload ->> 'trigger' = 'system-log'", Long.class, nia)))
			.as("syncs queued by the poller for changes the hook carried")
			.isZero();
		assertThat(world
			.as(() -> jdbc.queryForObject("select count(*) from job where kind = 'identity.sync' " + "and job_key = ?",
					Long.class, nia)))
			.as("the hook's own syncs")
			.isPositive();
	}

	/**
	 * Issue 14: a job the poller queues carries a correlation id, as a request's jobs do,
	 * so its log lines and audit events can be followed back to the poll.
	 */
	@Test
	void jobsThePollerQueuesCarryACorrelationIdOfTheirOwn() {
		ProvisioningWorld world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.configure(config -> config.withEnabled(true));
		String oli = world.person("Oli", "Poll");
		world.assign(oli);
		await().atMost(Duration.ofSeconds(30)).until(() -> world.shareFileUser(world.email("Oli", "Poll")) != null);
		world.profile(oli, "{\"lastName\":\"Polled\"}");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "Polled"
				.equals(ProvisioningWorld.text(world.shareFileUser(world.email("Oli", "Poll")), "lastName")));

		List<String> correlations = world
			.as(() -> jdbc.queryForList("select correlation_id from job where kind = 'identity.sync' and job_key = ? "
					+ "and payload ->> 'trigger' = 'system-log'", String.class, oli));
		assertThat(correlations).as("syncs the poller queued (no hook is registered)")
			.isNotEmpty()
			.allMatch(id -> id != null && id.matches("scheduler-[0-9a-f-]{36}"));
	}

}
