package dev.ferry.work.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.connector.Throttled;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.work.WorkQueue;

import static dev.ferry.work.internal.WorkTesting.key;
import static dev.ferry.work.internal.WorkTesting.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the alerts about lasting throttling read (docs/portal-alerts.md): since when a
 * waiting job has been held back by its target — kept across deferrals and 429s, ended by
 * another failure or by getting through.
 */
@FerryIntegrationTest
class ThrottledSinceIT {

	@Autowired
	WorkQueue queue;

	@Autowired
	Tenants tenants;

	@Autowired
	JdbcTemplate jdbc;

	UUID tenant;

	@BeforeEach
	void aTenant() {
		tenant = WorkTesting.newTenant(tenants, "throttled");
	}

	@Test
	void aDeferredJobKeepsWhenItWasFirstHeldBackUntilItGetsThrough() {
		String key = key("held-back");
		CopyOnWriteArrayList<Timestamp> seen = new CopyOnWriteArrayList<>();
		TestJobs.behave(key, job -> {
			seen.add(throttledSince(key));
			if (TestJobs.callCount(key) < 4) {
				throw new Throttled("sharefile:test", Duration.ofMillis(100));
			}
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		// first call: never held back; then the same moment at every later call
		assertThat(seen).hasSize(5);
		assertThat(seen.get(0)).isNull();
		assertThat(seen.subList(1, 5)).doesNotContainNull().containsOnly(seen.get(1));
		assertThat(throttledSince(key)).as("got through").isNull();
	}

	@Test
	void a429KeepsItAndAnotherFailureEndsIt() {
		String key = key("429");
		CopyOnWriteArrayList<Timestamp> seen = new CopyOnWriteArrayList<>();
		TestJobs.behave(key, job -> {
			seen.add(throttledSince(key));
			switch (job.attempt()) {
				case 1, 2 -> throw new ConnectorException(Kind.RETRYABLE, "429", 429, "slow down", null);
				case 3 -> throw new ConnectorException(Kind.RETRYABLE, "ShareFile said 503", 503, null, null);
				default -> {
				}
			}
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		assertThat(seen).hasSize(4);
		assertThat(seen.get(0)).isNull();
		assertThat(seen.get(1)).isNotNull();
		assertThat(seen.get(2)).isEqualTo(seen.get(1));
		assertThat(seen.get(3)).as("a 503 is not throttling").isNull();
	}

	private Timestamp throttledSince(String key) {
		return TenantContext.call(tenant,
				() -> jdbc.queryForObject(
						"select throttled_since from job where job_key = ? order by created_at desc limit 1",
						Timestamp.class, key));
	}

	private void enqueue(String key) {
		TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of()));
	}

}
