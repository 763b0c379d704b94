package dev.ferry.work.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Throttled;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.work.DeadLetter;
import dev.ferry.work.JobId;
import dev.ferry.work.DeadLetters;
import dev.ferry.work.WorkQueue;
import dev.ferry.work.WorkStats;

import static dev.ferry.work.internal.WorkTesting.key;
import static dev.ferry.work.internal.WorkTesting.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries with backoff, the dead-letter list and its retry, per tenant, and the portal's
 * counts.
 */
@FerryIntegrationTest
class DeadLettersIT {

	@Autowired
	WorkQueue queue;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	WorkStats stats;

	@Autowired
	Tenants tenants;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	WorkProperties properties;

	UUID tenant;

	@BeforeEach
	void aTenant() {
		tenant = WorkTesting.newTenant(tenants, "dead");
	}

	@Test
	void retryableFailuresAreRetriedWithGrowingBackoffThenSucceed() {
		String key = key("flaky");
		TestJobs.behave(key, job -> {
			if (job.attempt() < 4) {
				throw new ConnectorException(Kind.RETRYABLE, "ShareFile said 503", 503, "{\"busy\":true}", null);
			}
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		List<TestJobs.Call> calls = TestJobs.calls(key);
		assertThat(calls).extracting(call -> call.job().attempt()).containsExactly(1, 2, 3, 4);
		// backoff base 100 ms in tests: waits of at least 50, 100 and 200 ms (equal
		// jitter: half to all)
		assertThat(gapMillis(calls, 1)).isGreaterThanOrEqualTo(50);
		assertThat(gapMillis(calls, 2)).isGreaterThanOrEqualTo(100);
		assertThat(gapMillis(calls, 3)).isGreaterThanOrEqualTo(200);
		assertThat(TenantContext.call(tenant, deadLetters::count)).isZero();
	}

	@Test
	void theTargetsRetryAfterIsHonouredWhenLongerThanTheBackoff() {
		String key = key("retry-after");
		TestJobs.behave(key, job -> {
			if (job.attempt() == 1) {
				throw new ConnectorException(Kind.RETRYABLE, "429", 429, "slow down", Duration.ofMillis(1500));
			}
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		assertThat(gapMillis(TestJobs.calls(key), 1)).isGreaterThanOrEqualTo(1500);
	}

	@Test
	void aJobDeferredByAThrottleComesBackLaterWithoutUsingItsAttempts() {
		String key = key("deferred");
		// more deferrals than max-attempts: were they attempts, the job would be dead
		// long before the end
		int deferrals = properties.maxAttempts() + 2;
		TestJobs.behave(key, job -> {
			if (TestJobs.callCount(job.key()) < deferrals) {
				throw new Throttled("sharefile:test", Duration.ofMillis(150));
			}
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		List<TestJobs.Call> calls = TestJobs.calls(key);
		assertThat(calls).hasSize(deferrals + 1);
		assertThat(calls).extracting(call -> call.job().attempt()).containsOnly(1);
		assertThat(gapMillis(calls, 1)).as("not before the wait the throttle asked for").isGreaterThanOrEqualTo(150);
		assertThat(TenantContext.call(tenant, deadLetters::retryingCount)).isZero();
	}

	@Test
	void aJobThatFailedIsShownAsRetryingUntilItSucceeds() {
		String key = key("retrying");
		TestJobs.behave(key, job -> {
			if (job.attempt() < 3) {
				throw new ConnectorException(Kind.RETRYABLE, "ShareFile said 503", 503, null, Duration.ofMillis(1000));
			}
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> TenantContext.call(tenant, () -> deadLetters.retrying(10))
				.stream()
				.anyMatch(job -> job.key().equals(key)));
		DeadLetter retrying = TenantContext.call(tenant, () -> deadLetters.retrying(10))
			.stream()
			.filter(job -> job.key().equals(key))
			.findFirst()
			.orElseThrow();
		assertThat(retrying.errorKind()).isEqualTo("RETRYABLE");
		assertThat(retrying.message()).contains("503");
		await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		assertThat(TenantContext.call(tenant, deadLetters::retryingCount)).isZero();
	}

	@Test
	void aJobThatKeepsFailingGoesToTheDeadLettersAfterMaxAttempts() {
		String key = key("hopeless");
		TestJobs.behave(key, job -> {
			throw new ConnectorException(Kind.CONNECTION_FAILED, "Connection refused", 0, null, null);
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(40)).until(() -> "DEAD".equals(status(jdbc, tenant, key)));
		assertThat(TestJobs.callCount(key)).isEqualTo(properties.maxAttempts());
		DeadLetter dead = TenantContext.call(tenant, () -> deadLetters.list(10)).getFirst();
		assertThat(dead.attempts()).isEqualTo(properties.maxAttempts());
		assertThat(dead.errorKind()).isEqualTo("CONNECTION_FAILED");
		assertThat(dead.suggestedFix()).contains("reachable");
	}

	@Test
	void aNonRetryableFailureIsDeadAtOnceWithWhatTheTargetSaidAndCanBeRetried() {
		String key = key("no-licence");
		TestJobs.behave(key, job -> {
			if (TestJobs.callCount(job.key()) == 0) { // someone buys licences before the
														// retry
				throw new ConnectorException(Kind.LIMIT_REACHED, "No licences left", 409,
						"{\"code\":\"LicenseLimit\",\"message\":\"All 25 licences are in use\"}", null);
			}
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(status(jdbc, tenant, key)));
		assertThat(TestJobs.callCount(key)).isEqualTo(1);

		List<DeadLetter> list = TenantContext.call(tenant, () -> deadLetters.list(50));
		assertThat(list).singleElement().satisfies(dead -> {
			assertThat(dead.key()).isEqualTo(key);
			assertThat(dead.kind()).isEqualTo(TestJobs.KIND);
			assertThat(dead.errorKind()).isEqualTo("LIMIT_REACHED");
			assertThat(dead.message()).isEqualTo("No licences left");
			assertThat(dead.httpStatus()).isEqualTo(409);
			assertThat(dead.rawResponse()).contains("All 25 licences are in use");
			assertThat(dead.suggestedFix()).startsWith("Buy more licences in the target");
			assertThat(dead.failedAt()).isNotNull();
		});
		assertThat(TenantContext.call(tenant, stats::current).dead()).isEqualTo(1);

		JobId id = list.getFirst().id();
		assertThat(TenantContext.call(tenant, () -> deadLetters.retry(id))).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		assertThat(TestJobs.calls(key)).hasSize(2)
			.last()
			.satisfies(call -> assertThat(call.job().attempt()).as("attempts were reset").isEqualTo(1));
		assertThat(TenantContext.call(tenant, () -> deadLetters.list(50))).isEmpty();
		assertThat(TenantContext.call(tenant, () -> deadLetters.retry(id))).as("not dead any more").isFalse();
		WorkStats.Counts counts = TenantContext.call(tenant, stats::current);
		assertThat(counts.dead()).isZero();
		assertThat(counts.doneLastHour()).isEqualTo(1);
	}

	@Test
	void anUnexpectedErrorIsDeadWithItsMessage() {
		String key = key("bug");
		TestJobs.behave(key, job -> {
			throw new IllegalStateException("mapping produced no e-mail");
		});
		enqueue(key);
		await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(status(jdbc, tenant, key)));
		DeadLetter dead = TenantContext.call(tenant, () -> deadLetters.list(1)).getFirst();
		assertThat(dead.errorKind()).isEqualTo("UNEXPECTED");
		assertThat(dead.message()).isEqualTo("IllegalStateException: mapping produced no e-mail");
		assertThat(dead.httpStatus()).isZero();
	}

	@Test
	void retryAllRevivesEveryDeadJobOfTheTenant() {
		String first = key("all-1");
		String second = key("all-2");
		for (String key : List.of(first, second)) {
			TestJobs.behave(key, job -> {
				if (TestJobs.callCount(job.key()) == 0) {
					throw ConnectorException.of(Kind.INVALID_CREDENTIAL, "401 from Okta");
				}
			});
			enqueue(key);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "DEAD".equals(status(jdbc, tenant, first)) && "DEAD".equals(status(jdbc, tenant, second)));
		assertThat(TenantContext.call(tenant, () -> deadLetters.list(10))).extracting(DeadLetter::suggestedFix)
			.allMatch(fix -> fix.startsWith("Test the connection in Connections"));

		assertThat(TenantContext.call(tenant, deadLetters::retryAll)).isEqualTo(2);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "DONE".equals(status(jdbc, tenant, first)) && "DONE".equals(status(jdbc, tenant, second)));
	}

	@Test
	void aTenantSeesAndRetriesOnlyItsOwnDeadLetters() {
		UUID other = WorkTesting.newTenant(tenants, "dead-other");
		String mine = key("mine");
		String theirs = key("theirs");
		TestJobs.behave(mine, job -> {
			throw ConnectorException.of(Kind.PERMISSION_DENIED, "403");
		});
		TestJobs.behave(theirs, job -> {
			throw ConnectorException.of(Kind.PERMISSION_DENIED, "403");
		});
		enqueue(mine);
		TenantContext.run(other, () -> queue.enqueue(TestJobs.KIND, theirs, Map.of()));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "DEAD".equals(status(jdbc, tenant, mine)) && "DEAD".equals(status(jdbc, other, theirs)));

		assertThat(TenantContext.call(tenant, () -> deadLetters.list(100))).extracting(DeadLetter::key)
			.containsExactly(mine);
		assertThat(TenantContext.call(other, () -> deadLetters.list(100))).extracting(DeadLetter::key)
			.containsExactly(theirs);
		JobId theirId = TenantContext.call(other, () -> deadLetters.list(1)).getFirst().id();
		assertThat(TenantContext.call(tenant, () -> deadLetters.retry(theirId))).isFalse();
		assertThat(TenantContext.call(tenant, deadLetters::retryAll)).isEqualTo(1);
		assertThat(status(jdbc, other, theirs)).isEqualTo("DEAD");
		assertThat(TenantContext.call(other, deadLetters::count)).isEqualTo(1);
	}

	@Test
	void statsCountTheTenantsWork() {
		String waiting = key("waiting");
		CountDownLatch release = new CountDownLatch(1);
		TestJobs.behave(waiting, job -> release.await(30, TimeUnit.SECONDS));
		enqueue(waiting);
		await().atMost(Duration.ofSeconds(10)).until(() -> TenantContext.call(tenant, stats::current).running() == 1);
		release.countDown();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TenantContext.call(tenant, stats::current).equals(new WorkStats.Counts(0, 0, 0, 1)));
	}

	private void enqueue(String key) {
		TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of()));
	}

	private static long gapMillis(List<TestJobs.Call> calls, int after) {
		return Duration.ofNanos(calls.get(after).startNanos() - calls.get(after - 1).endNanos()).toMillis();
	}

}
