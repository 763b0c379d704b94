package dev.ferry.work.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.RequestOrigin;
import dev.ferry.system.TenantContext;
import dev.ferry.work.FailureAdvice;
import dev.ferry.work.WorkQueue;

/**
 * The transactional outbox: the job row is written in the caller's transaction (or a new
 * one when there is none), and after that transaction commits the new job ids of the
 * transaction are put on their tenants' streams in one step. If the transaction rolls
 * back there is nothing to publish; if the process dies or Redis fails between commit and
 * publish, the relay publishes them later.
 */
@Component
class OutboxWorkQueue implements WorkQueue {

	private static final Logger log = LoggerFactory.getLogger(OutboxWorkQueue.class);

	private final JobStore store;

	private final WorkRedis redis;

	private final WorkMetrics metrics;

	private final TransactionTemplate transaction;

	private final FailureAdvice advice;

	OutboxWorkQueue(JobStore store, WorkRedis redis, WorkMetrics metrics, PlatformTransactionManager transactions,
			List<FailureAdvice> advice) {
		this.advice = Failure.combined(advice);
		this.store = store;
		this.redis = redis;
		this.metrics = metrics;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	public void enqueue(String kind, String key, Map<String, String> payload) {
		UUID tenant = TenantContext.require();
		requireText("kind", kind, 64);
		requireText("key", key, 255);
		Map<String, String> safePayload = payload == null ? Map.of() : payload;
		transaction.executeWithoutResult(status -> {
			// the request's (or the running job's) correlation id follows the change into
			// its job and that job's log lines and audit events
			Optional<UUID> inserted = store.insert(tenant, kind, key, safePayload,
					RequestOrigin.correlationId().orElse(null));
			if (inserted.isPresent()) {
				metrics.enqueued();
				publications().add(tenant, inserted.get());
			}
			else {
				metrics.coalesced();
			}
		});
	}

	@Override
	public void enqueueAfterFailure(String kind, String key, Map<String, String> payload, Throwable cause) {
		transaction.executeWithoutResult(status -> {
			enqueue(kind, key, payload);
			store.noteFailure(TenantContext.require(), kind, key, Failure.of(cause, advice));
		});
	}

	/** The ids this transaction enqueued, published once after it commits. */
	private Publications publications() {
		Publications publications = (Publications) TransactionSynchronizationManager.getResource(this);
		if (publications == null) {
			publications = new Publications();
			TransactionSynchronizationManager.bindResource(this, publications);
			TransactionSynchronizationManager.registerSynchronization(publications);
		}
		return publications;
	}

	private static void requireText(String name, String value, int max) {
		if (value == null || value.isBlank() || value.length() > max) {
			throw new IllegalArgumentException("A job's " + name + " must be 1 to " + max + " characters: " + value);
		}
	}

	private final class Publications implements TransactionSynchronization {

		private final Map<UUID, List<UUID>> byTenant = new LinkedHashMap<>();

		void add(UUID tenant, UUID job) {
			byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).add(job);
		}

		@Override
		public void afterCommit() {
			byTenant.forEach((tenant, jobs) -> {
				try {
					redis.publish(tenant, jobs);
				}
				catch (RuntimeException ex) {
					log.warn("Could not publish {} jobs of tenant {} to Redis; the relay will: {}", jobs.size(), tenant,
							ex.toString());
				}
			});
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(OutboxWorkQueue.this);
		}

	}

}
