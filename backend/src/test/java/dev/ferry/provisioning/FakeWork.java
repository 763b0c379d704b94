package dev.ferry.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.ferry.connector.Throttle;
import dev.ferry.system.TenantContext;
import dev.ferry.work.DeadLetter;
import dev.ferry.work.DeadLetters;
import dev.ferry.work.JobId;
import dev.ferry.work.Throttles;
import dev.ferry.work.WorkQueue;
import dev.ferry.work.WorkStats;

/**
 * In-memory stand-ins for the work module (its Redis implementation lives on another
 * branch), so the portal's pages can be tested with a whole application context. Nothing
 * runs the queued jobs: tests see what was enqueued and seed dead letters themselves.
 * Imported only by the tests that need it. The beans are {@code @Primary} so these tests
 * keep working once the real work module is merged; then they can drop the import and use
 * the real beans.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FakeWork {

	@Bean
	@Primary
	Queue fakeWorkQueue() {
		return new Queue();
	}

	@Bean
	@Primary
	Dead fakeDeadLetters() {
		return new Dead();
	}

	@Bean
	@Primary
	WorkStats fakeWorkStats(Queue queue, Dead dead) {
		return new WorkStats() {

			@Override
			public Counts current() {
				return new WorkStats.Counts(queue.enqueued(TenantContext.require()).size(), 0, dead.count(), 7);
			}

			@Override
			public long waiting(String kind) {
				return queue.enqueued(TenantContext.require()).stream().filter(job -> job.kind().equals(kind)).count();
			}

			@Override
			public long active(String kind) {
				return waiting(kind);
			}

			@Override
			public long queued() {
				return queue.enqueued(TenantContext.require()).size();
			}

		};
	}

	@Bean
	@Primary
	Throttles fakeThrottles() {
		return (bucket, perMinute) -> Throttle.NONE;
	}

	/** A job as it was enqueued. */
	public record Enqueued(UUID tenant, String kind, String key, Map<String, String> payload) {
	}

	/** Remembers every job enqueued, per tenant. */
	public static class Queue implements WorkQueue {

		private final List<Enqueued> jobs = new CopyOnWriteArrayList<>();

		@Override
		public void enqueue(String kind, String key, Map<String, String> payload) {
			jobs.add(new Enqueued(TenantContext.require(), kind, key, Map.copyOf(payload)));
		}

		@Override
		public void enqueueAfterFailure(String kind, String key, Map<String, String> payload, Throwable cause) {
			enqueue(kind, key, payload);
		}

		public List<Enqueued> enqueued(UUID tenant) {
			return jobs.stream().filter(job -> job.tenant().equals(tenant)).toList();
		}

	}

	/**
	 * Dead letters per tenant, seeded by tests; retrying removes them and remembers
	 * which.
	 */
	public static class Dead implements DeadLetters {

		private final Map<UUID, List<DeadLetter>> letters = new ConcurrentHashMap<>();

		private final List<UUID> retried = new CopyOnWriteArrayList<>();

		public void add(UUID tenant, DeadLetter letter) {
			letters.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>()).add(letter);
		}

		public List<UUID> retried() {
			return retried;
		}

		private List<DeadLetter> mine() {
			return letters.computeIfAbsent(TenantContext.require(), t -> new CopyOnWriteArrayList<>());
		}

		@Override
		public List<DeadLetter> list(int limit) {
			List<DeadLetter> newestFirst = new ArrayList<>(mine());
			newestFirst.sort((a, b) -> b.failedAt().compareTo(a.failedAt()));
			return newestFirst.stream().limit(limit).toList();
		}

		@Override
		public boolean retry(JobId jobId) {
			boolean removed = mine().removeIf(letter -> letter.id().equals(jobId));
			if (removed) {
				retried.add(jobId.value());
			}
			return removed;
		}

		@Override
		public int retryAll() {
			List<DeadLetter> all = new ArrayList<>(mine());
			all.forEach(letter -> retry(letter.id()));
			return all.size();
		}

		@Override
		public long count() {
			return mine().size();
		}

		@Override
		public List<DeadLetter> retrying(int limit) {
			return List.of();
		}

		@Override
		public long retryingCount() {
			return 0;
		}

	}

}
