package dev.ferry.work.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.TestServices;
import dev.ferry.work.Job;
import dev.ferry.work.JobHandler;
import dev.ferry.work.WorkQueue;

import static dev.ferry.work.internal.WorkTesting.key;
import static dev.ferry.work.internal.WorkTesting.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue's promises on real PostgreSQL and Redis: outbox semantics, coalescing, one
 * job per key at a time, fairness between tenants, and surviving a Redis flush and a
 * worker that dies mid-job.
 */
@FerryIntegrationTest
class WorkQueueIT {

	@Autowired
	WorkQueue queue;

	@Autowired
	Tenants tenants;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	WorkConfig.WorkerLifecycle worker;

	@Autowired
	JobStore store;

	@Autowired
	WorkRedis workRedis;

	@Autowired
	WorkProperties properties;

	@Autowired
	WorkMetrics metrics;

	@Autowired
	MeterRegistry meters;

	UUID tenant;

	@BeforeEach
	void aTenant() {
		tenant = WorkTesting.newTenant(tenants, "work");
	}

	@Test
	void aJobOfACommittedTransactionRunsOnceAndOfARolledBackOneNever() {
		String committed = key("committed");
		String rolledBack = key("rolled-back");
		TransactionTemplate transaction = new TransactionTemplate(transactions);
		TenantContext.run(tenant, () -> {
			transaction.executeWithoutResult(status -> queue.enqueue(TestJobs.KIND, committed, Map.of("n", "1")));
			transaction.executeWithoutResult(status -> {
				queue.enqueue(TestJobs.KIND, rolledBack, Map.of());
				status.setRollbackOnly();
			});
		});

		await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(status(jdbc, tenant, committed)));
		// for longer than the relay (grace 1 s) takes to republish anything it wrongly
		// thought lost, it still ran once
		await().during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> TestJobs.callCount(committed) == 1);
		assertThat(TestJobs.calls(committed)).singleElement().satisfies(call -> {
			assertThat(call.tenant()).as("the handler runs as the job's tenant").isEqualTo(tenant);
			assertThat(call.job().payload()).containsEntry("n", "1");
			assertThat(call.job().attempt()).isEqualTo(1);
		});
		assertThat(TestJobs.callCount(rolledBack)).isZero();
		assertThat(status(jdbc, tenant, rolledBack)).isEqualTo("NONE");
		assertThat(meters.find("ferry.work.jobs").tag("outcome", "done").counter().count()).isPositive();
	}

	@Test
	void enqueueWithoutATransactionOpensOne() {
		String key = key("no-tx");
		TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of()));
		await().atMost(Duration.ofSeconds(10)).until(() -> TestJobs.callCount(key) == 1);
	}

	@Test
	void tenEnqueuesOfOneKeyBeforeAWorkerRunsItMakeOneCall() {
		String key = key("coalesced");
		TenantContext.run(tenant, () -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
			for (int i = 1; i <= 10; i++) {
				queue.enqueue(TestJobs.KIND, key, Map.of("last", Integer.toString(i), "from" + i, "x"));
			}
		}));
		await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> TestJobs.callCount(key) == 1);
		assertThat(TestJobs.calls(key)).singleElement()
			.satisfies(call -> assertThat(call.job().payload()).as("payloads merge, the latest value wins")
				.containsEntry("last", "10")
				.containsKeys("from1", "from10"));
		assertThat(WorkTesting.rows(jdbc, tenant, key)).hasSize(1);
	}

	@Test
	void jobsOfOneKeyRunOneAfterTheOtherAndEnqueuesWhileOneRunsCoalesce() throws Exception {
		String key = key("serial");
		CountDownLatch firstStarted = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		TestJobs.behave(key, job -> {
			if ("1".equals(job.payload().get("n"))) {
				firstStarted.countDown();
				releaseFirst.await(20, TimeUnit.SECONDS);
			}
		});
		TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of("n", "1")));
		assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
		// while the first runs: five more for the same key; they wait (coalesced into
		// one) until it ends
		for (int i = 2; i <= 6; i++) {
			String n = Integer.toString(i);
			TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of("n", n)));
		}
		await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(10)).until(() -> TestJobs.callCount(key) == 0);
		assertThat(TestJobs.callCount(key)).as("nothing else ran for the key while the first was running").isZero();
		releaseFirst.countDown();

		await().atMost(Duration.ofSeconds(10)).until(() -> TestJobs.callCount(key) == 2);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> TestJobs.callCount(key) == 2);
		List<TestJobs.Call> calls = TestJobs.calls(key);
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).job().payload()).containsEntry("n", "1");
		assertThat(calls.get(1).job().payload()).containsEntry("n", "6");
		assertThat(calls.get(1).startNanos()).as("the second starts after the first ended")
			.isGreaterThan(calls.get(0).endNanos());
	}

	@Test
	void jobsOfDifferentKeysRunInParallel() {
		String a = key("parallel-a");
		String b = key("parallel-b");
		// each job waits for the other to have started: run one after the other, neither
		// would see it
		CountDownLatch bothStarted = new CountDownLatch(2);
		Set<String> sawTheOther = ConcurrentHashMap.newKeySet();
		for (String key : List.of(a, b)) {
			TestJobs.behave(key, job -> {
				bothStarted.countDown();
				if (bothStarted.await(10, TimeUnit.SECONDS)) {
					sawTheOther.add(key);
				}
			});
		}
		TenantContext.run(tenant, () -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
			queue.enqueue(TestJobs.KIND, a, Map.of());
			queue.enqueue(TestJobs.KIND, b, Map.of());
		}));
		await().atMost(Duration.ofSeconds(30)).until(() -> TestJobs.callCount(a) == 1 && TestJobs.callCount(b) == 1);
		assertThat(sawTheOther).containsExactlyInAnyOrder(a, b);
		TestJobs.Call callA = TestJobs.calls(a).getFirst();
		TestJobs.Call callB = TestJobs.calls(b).getFirst();
		assertThat(callA.startNanos()).isLessThan(callB.endNanos());
		assertThat(callB.startNanos()).isLessThan(callA.endNanos());
	}

	@Test
	void aSmallTenantIsNotStuckBehindABigOnesBacklog() {
		UUID big = WorkTesting.newTenant(tenants, "big");
		String prefix = key("backlog");
		int backlog = 2000;
		// the big tenant's jobs finish only as the test lets them through, a few at a
		// time
		Semaphore gate = TestJobs.gate(prefix);
		TenantContext.run(big, () -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
			for (int i = 0; i < backlog; i++) {
				queue.enqueue(TestJobs.KIND, prefix + "-" + i, Map.of("gate", prefix));
			}
		}));
		gate.release(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> doneCount(prefix, backlog) == 3);

		String small = key("small");
		TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, small, Map.of()));
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			if (TestJobs.callCount(small) == 1) {
				return true;
			}
			// the next big job, and only once the one before has finished
			int done = doneCount(prefix, backlog);
			gate.release(1);
			await().atMost(Duration.ofSeconds(10)).until(() -> doneCount(prefix, backlog) > done);
			return TestJobs.callCount(small) == 1;
		});
		int bigDone = doneCount(prefix, backlog);
		gate.release(backlog);
		System.out.printf("fairness: the small tenant's job finished after %d of %d backlog jobs%n", bigDone, backlog);
		assertThat(bigDone).as("the small tenant's job finished while most of the backlog was still queued")
			.isLessThan(backlog / 5);

		await().atMost(Duration.ofSeconds(120)).until(() -> doneCount(prefix, backlog) == backlog);
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> ranOnce(prefix, backlog));
		for (int i = 0; i < backlog; i++) {
			assertThat(TestJobs.callCount(prefix + "-" + i)).as("job %d ran exactly once", i).isEqualTo(1);
		}
	}

	@Test
	void aRedisFlushMidRunLosesNothingAndDuplicatesNothing() {
		String prefix = key("flush");
		int jobs = 300;
		TenantContext.run(tenant, () -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
			for (int i = 0; i < jobs; i++) {
				queue.enqueue(TestJobs.KIND, prefix + "-" + i, Map.of("gate", prefix));
			}
		}));
		// thirty done, the rest queued or waiting at the gate when Redis is flushed
		Semaphore gate = TestJobs.gate(prefix);
		gate.release(30);
		await().atMost(Duration.ofSeconds(20)).until(() -> doneCount(prefix, jobs) == 30);
		int deleted = deleteAllTestKeys();
		assertThat(deleted).isPositive();
		assertThat(doneCount(prefix, jobs)).as("the flush came mid-run").isLessThan(jobs);
		gate.release(jobs);

		await().atMost(Duration.ofSeconds(60)).until(() -> doneCount(prefix, jobs) == jobs);
		await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(10)).until(() -> ranOnce(prefix, jobs));
		for (int i = 0; i < jobs; i++) {
			assertThat(TestJobs.callCount(prefix + "-" + i)).as("job %d ran exactly once", i).isEqualTo(1);
		}
		Long pendingInPg = TenantContext.call(tenant,
				() -> jdbc.queryForObject("select count(*) from job where status <> 'DONE'", Long.class));
		assertThat(pendingInPg).isZero();
	}

	/**
	 * A publish torn in two, as it can be on Redis Cluster where the stream and the
	 * tenant sets live on different nodes: the entry reached the tenant's stream, but the
	 * process died (or the node holding the sets failed over) before the tenant was
	 * listed as ready or as having a stream. Nobody would ever read it without a safety
	 * net: the relay lists the stream once its job has waited past the grace, reclaim
	 * finds the entry undelivered and marks the tenant ready, and the job runs, once.
	 */
	@Test
	void anEntryWhosePublishDiedBeforeMarkingTheTenantReadyStillRunsOnce() {
		String key = key("torn");
		UUID id = UUID.randomUUID();
		TenantContext.run(tenant, () -> jdbc.update("""
				insert into job (id, tenant_id, kind, job_key, status, not_before, created_at, published_at)
				values (?, ?, ?, ?, 'PENDING', now(), now(), now())""", id, tenant, TestJobs.KIND, key));
		redis.opsForStream()
			.add(StreamRecords.string(Map.of("job", id.toString())).withStreamKey(workRedis.streamKey(tenant)));
		assertThat(redis.opsForSet().isMember(workRedis.readyKey(), tenant.toString())).isFalse();
		assertThat(redis.opsForSet().isMember(workRedis.streamsKey(), tenant.toString())).isFalse();

		await().atMost(Duration.ofSeconds(15)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		await().during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> TestJobs.callCount(key) == 1);
	}

	@Test
	void theJobOfAWorkerThatDiesMidJobIsReclaimedAndDoneOnceByAnother() throws Exception {
		String key = key("orphan");
		CountDownLatch doomedStarted = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		JobHandler hangs = new JobHandler() {
			@Override
			public String kind() {
				return TestJobs.KIND;
			}

			@Override
			public void handle(Job job) throws Exception {
				doomedStarted.countDown();
				never.await(); // the process "dies" here: the handler never completes its
								// work
			}
		};
		WorkerNode doomed = new WorkerNode(store, workRedis, Map.of(TestJobs.KIND, hangs), properties, metrics,
				Failure.combined(List.of()));
		worker.stop();
		try {
			doomed.start();
			TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of()));
			assertThat(doomedStarted.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(status(jdbc, tenant, key)).isEqualTo("RUNNING");
			assertThat(pendingEntries()).as("the entry is delivered to the doomed worker, unacknowledged").isEqualTo(1);
			doomed.kill();
		}
		finally {
			worker.start();
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		assertThat(TestJobs.calls(key)).singleElement()
			.satisfies(call -> assertThat(call.job().attempt()).as("the lost attempt counts").isEqualTo(2));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(pendingEntries()).as("the dead worker's entry was reclaimed").isZero());

		never.countDown(); // the zombie wakes up: it must not undo or redo anything
		await().during(Duration.ofMillis(1000))
			.atMost(Duration.ofSeconds(10))
			.until(() -> "DONE".equals(status(jdbc, tenant, key)) && TestJobs.callCount(key) == 1);
		assertThat(status(jdbc, tenant, key)).isEqualTo("DONE");
		assertThat(TestJobs.callCount(key)).isEqualTo(1);
	}

	@Test
	void aStoppedWorkerHandsTheJobItCouldNotFinishBackAtOnceWithoutCountingTheAttempt() throws Exception {
		String key = key("handover");
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		CountDownLatch interrupted = new CountDownLatch(1);
		JobHandler slow = handler(job -> {
			started.countDown();
			try {
				never.await();
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
				throw ex;
			}
		});
		WorkerNode leaving = new WorkerNode(store, workRedis, Map.of(TestJobs.KIND, slow), properties, metrics,
				Failure.combined(List.of()));
		worker.stop();
		try {
			leaving.start();
			TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of()));
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			leaving.stop(Duration.ofMillis(300));
			assertThat(interrupted.getCount()).as("the job was interrupted when the grace period ended").isZero();
			// waiting again, as if never started: not RUNNING under a worker that is gone
			// (the orphan release would have kept the attempt)
			assertThat(WorkTesting.rows(jdbc, tenant, key)).singleElement().satisfies(row -> {
				assertThat(row.get("status")).isEqualTo("PENDING");
				assertThat(row.get("attempts")).isEqualTo(0);
			});
		}
		finally {
			worker.start();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		assertThat(TestJobs.calls(key)).singleElement()
			.satisfies(
					call -> assertThat(call.job().attempt()).as("the interrupted attempt is not counted").isEqualTo(1));
	}

	@Test
	void aJobWhoseHandlerIgnoresTheInterruptIsHandedBackAndItsLateFinishChangesNothing() throws Exception {
		String key = key("stubborn");
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		JobHandler stubborn = handler(job -> {
			started.countDown();
			while (release.getCount() > 0) {
				try {
					release.await();
				}
				catch (InterruptedException ignored) {
					// a handler deaf to interrupts: blocking I/O that does not notice
				}
			}
		});
		WorkerNode leaving = new WorkerNode(store, workRedis, Map.of(TestJobs.KIND, stubborn), properties, metrics,
				Failure.combined(List.of()));
		worker.stop();
		try {
			leaving.start();
			TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of()));
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			leaving.stop(Duration.ofMillis(300));
			assertThat(WorkTesting.rows(jdbc, tenant, key)).singleElement().satisfies(row -> {
				assertThat(row.get("status")).isEqualTo("PENDING");
				assertThat(row.get("attempts")).isEqualTo(0);
			});
		}
		finally {
			worker.start();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(status(jdbc, tenant, key)));
		release.countDown(); // the stubborn handler returns: its DONE is refused
		await().during(Duration.ofMillis(1000))
			.atMost(Duration.ofSeconds(10))
			.until(() -> "DONE".equals(status(jdbc, tenant, key)) && TestJobs.callCount(key) == 1);
		assertThat(WorkTesting.rows(jdbc, tenant, key)).hasSize(1);
	}

	/** A handler of the test kind doing {@code work}. */
	private static JobHandler handler(Work work) {
		return new JobHandler() {
			@Override
			public String kind() {
				return TestJobs.KIND;
			}

			@Override
			public void handle(Job job) throws Exception {
				work.on(job);
			}
		};
	}

	@FunctionalInterface
	private interface Work {

		void on(Job job) throws Exception;

	}

	/**
	 * Issue 14: a worker whose threads all held reconciles left single changes waiting
	 * for one to finish (the one-organisation outage drill saw a change take 19 s). Bulk
	 * jobs get all the threads but one.
	 */
	@Test
	void bulkJobsLeaveOneThreadForSingleChanges() throws Exception {
		String bulkKind = "test.bulk";
		String singleKind = "test.single";
		Semaphore gate = new Semaphore(0);
		List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
		JobHandler bulk = new JobHandler() {
			@Override
			public String kind() {
				return bulkKind;
			}

			@Override
			public void handle(Job job) throws Exception {
				started.add(job.key());
				if (!gate.tryAcquire(1, TimeUnit.MINUTES)) {
					throw new IllegalStateException("never let through");
				}
			}

			@Override
			public boolean bulk() {
				return true;
			}
		};
		JobHandler single = new JobHandler() {
			@Override
			public String kind() {
				return singleKind;
			}

			@Override
			public void handle(Job job) {
				started.add(job.key());
			}
		};
		WorkProperties two = new WorkProperties(2, properties.batchSize(), properties.maxAttempts(),
				properties.backoffBase(), properties.backoffMax(), properties.lockedRetry(),
				properties.unknownKindRetry(), properties.pollInterval(), properties.relayInterval(),
				properties.relayGrace(), properties.reclaimIdle(), properties.heartbeatInterval(),
				properties.workerTimeout(), properties.keepDone(), properties.burst(), properties.throttleMaxWait(),
				properties.metricsInterval(), properties.shutdownGrace());
		WorkerNode node = new WorkerNode(store, workRedis, Map.of(bulkKind, bulk, singleKind, single), two, metrics,
				Failure.combined(List.of()));
		String first = key("bulk-1");
		String second = key("bulk-2");
		String change = key("single");
		worker.stop();
		try {
			node.start();
			TenantContext.run(tenant, () -> queue.enqueue(bulkKind, first, Map.of()));
			TenantContext.run(tenant, () -> queue.enqueue(bulkKind, second, Map.of()));
			await().atMost(Duration.ofSeconds(20)).until(() -> started.size() == 1);
			TenantContext.run(tenant, () -> queue.enqueue(singleKind, change, Map.of()));

			await("the single change, on the thread kept free").atMost(Duration.ofSeconds(20))
				.until(() -> "DONE".equals(status(jdbc, tenant, change)));
			assertThat(started).as("one bulk job at a time on two threads").hasSize(2).endsWith(change);
			assertThat(List.of(status(jdbc, tenant, first), status(jdbc, tenant, second)))
				.containsExactlyInAnyOrder("RUNNING", "PENDING");

			gate.release(2);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> "DONE".equals(status(jdbc, tenant, first)) && "DONE".equals(status(jdbc, tenant, second)));
			assertThat(started).hasSize(3);
		}
		finally {
			gate.release(2);
			node.stop(Duration.ofSeconds(5));
			worker.start();
		}
	}

	@Test
	void aJobOfAKindThisWorkerDoesNotKnowWaitsInsteadOfDying() {
		String key = key("unknown-kind");
		TenantContext.run(tenant, () -> queue.enqueue("test.nobody-handles-this", key, Map.of()));
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> "PENDING".equals(status(jdbc, tenant, key)));
		List<Map<String, Object>> rows = WorkTesting.rows(jdbc, tenant, key);
		assertThat(rows).singleElement().satisfies(row -> {
			assertThat(row.get("status")).isEqualTo("PENDING");
			assertThat(row.get("attempts")).isEqualTo(0);
		});
		TenantContext.run(tenant, () -> jdbc.update("delete from job where job_key = ?", key));
	}

	private long pendingEntries() {
		var summary = redis.opsForStream().pending(workRedis.streamKey(tenant), WorkRedis.GROUP);
		return summary == null ? 0 : summary.getTotalPendingMessages();
	}

	private int doneCount(String prefix, int n) {
		int done = 0;
		for (int i = 0; i < n; i++) {
			if (TestJobs.callCount(prefix + "-" + i) > 0) {
				done++;
			}
		}
		return done;
	}

	/**
	 * Like FLUSHDB, but only for this test run's keys: other runs may share the Redis.
	 */
	private int deleteAllTestKeys() {
		String prefix = TestServices.get().redisKeyPrefix();
		List<String> keys = new ArrayList<>();
		try (var cursor = redis.scan(org.springframework.data.redis.core.ScanOptions.scanOptions()
			.match(prefix + "*")
			.count(1000)
			.build())) {
			cursor.forEachRemaining(keys::add);
		}
		assertThat(keys).allMatch(k -> k.startsWith(prefix));
		Long deleted = keys.isEmpty() ? 0 : redis.delete(keys);
		return deleted == null ? 0 : deleted.intValue();
	}

	/** Whether every one of the {@code count} jobs of the prefix ran exactly once. */
	private static boolean ranOnce(String prefix, int count) {
		for (int i = 0; i < count; i++) {
			if (TestJobs.callCount(prefix + "-" + i) != 1) {
				return false;
			}
		}
		return true;
	}

	@SuppressWarnings("unused")
	private static Map<String, String> map(String... kv) {
		Map<String, String> map = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			map.put(kv[i], kv[i + 1]);
		}
		return map;
	}

}
