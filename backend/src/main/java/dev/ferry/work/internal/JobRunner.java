package dev.ferry.work.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ferry.connector.Throttled;
import dev.ferry.system.TenantContext;
import dev.ferry.work.Job;
import dev.ferry.work.FailureAdvice;
import dev.ferry.work.JobHandler;

/**
 * Runs the job behind one stream entry, as the entry's tenant: skips it unless PENDING
 * and due, claims it (PostgreSQL refuses a second RUNNING job of the same key, so a busy
 * key is postponed, not dropped), calls the handler, records DONE / retry / DEAD, and
 * only then acknowledges the entry. When PostgreSQL cannot be reached the entry is left
 * unacknowledged for reclaim.
 *
 * <p>
 * While its process stops (a rolling restart) it hands work back rather than leave it for
 * the orphan release ({@code worker-timeout}): an entry it has not started goes back on
 * the stream, and once the grace period is over a job it had to interrupt is PENDING
 * again at once, published for the other workers, its cut-short attempt not counted.
 */
class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobStore store;

	private final WorkRedis redis;

	private final Map<String, JobHandler> handlers;

	private final WorkProperties properties;

	private final WorkMetrics metrics;

	private final String workerId;

	private final FailureAdvice advice;

	/**
	 * Threads bulk jobs may hold at once: all but one of the worker's, so that a single
	 * change is never stuck behind long jobs (one thread: that one).
	 */
	private final Semaphore bulkSlots;

	/** Jobs this runner holds (claimed, outcome not yet recorded), with their entries. */
	private final Map<UUID, WorkRedis.Entry> inFlight = new ConcurrentHashMap<>();

	/** The process is stopping: claim nothing more. */
	private volatile boolean stopping;

	/**
	 * The grace period is over and running jobs are being interrupted: whatever they end
	 * with, they go back to the queue.
	 */
	private volatile boolean handingBack;

	JobRunner(JobStore store, WorkRedis redis, Map<String, JobHandler> handlers, WorkProperties properties,
			WorkMetrics metrics, String workerId, FailureAdvice advice) {
		this.advice = advice;
		this.store = store;
		this.redis = redis;
		this.handlers = handlers;
		this.properties = properties;
		this.metrics = metrics;
		this.workerId = workerId;
		this.bulkSlots = new Semaphore(Math.max(1, properties.concurrency() - 1));
	}

	void run(WorkRedis.Entry entry) {
		if (stopping) {
			putBack(entry);
			return;
		}
		boolean settled;
		try {
			settled = TenantContext.call(entry.tenant(), () -> settle(entry));
		}
		catch (RuntimeException ex) {
			log.warn("Could not run job {} of tenant {}; its entry stays for reclaim: {}", entry.jobId(),
					entry.tenant(), ex.toString());
			return;
		}
		if (settled) {
			try {
				redis.ack(entry);
			}
			catch (RuntimeException ex) {
				// PostgreSQL already says what happens to the job: an entry left
				// unacknowledged (Redis away, a cluster node failing over) is reclaimed
				// later and then only acknowledged
				log.warn("Could not acknowledge job {} of tenant {}; its entry stays for reclaim: {}", entry.jobId(),
						entry.tenant(), ex.toString());
			}
		}
	}

	/**
	 * @return whether the entry may be acknowledged (PostgreSQL now says what happens to
	 * the job)
	 */
	private boolean settle(WorkRedis.Entry entry) {
		Optional<JobStore.Row> row = store.find(entry.jobId());
		if (row.isEmpty() || !row.get().pending() || !row.get().due()) {
			// done, dead, running elsewhere, or waiting out a delay: the relay publishes
			// it again when due
			return true;
		}
		JobHandler handler = handlers.get(row.get().kind());
		if (handler == null) {
			log.warn("No handler for job kind '{}' in this worker; postponing job {}", row.get().kind(), entry.jobId());
			store.postpone(entry.jobId(), properties.unknownKindRetry());
			metrics.postponed();
			return true;
		}
		boolean bulk = handler.bulk();
		if (bulk && !bulkSlots.tryAcquire()) {
			// every other thread holds a long job: this one stays free for single
			// changes, and the job waits a moment (for this worker or another)
			store.postpone(entry.jobId(), properties.lockedRetry());
			metrics.postponed();
			return true;
		}
		try {
			Optional<JobStore.Claimed> claimed;
			try {
				claimed = store.claim(entry.jobId(), workerId);
			}
			catch (JobStore.KeyBusy busy) {
				store.postpone(entry.jobId(), properties.lockedRetry());
				metrics.postponed();
				return true;
			}
			claimed.ifPresent(job -> {
				inFlight.put(job.job().id(), entry);
				try (JobLogContext logs = JobLogContext.of(job, metrics.slug(job.job().tenantId()))) {
					execute(handler, job.job());
				}
				finally {
					inFlight.remove(job.job().id());
				}
			});
			return true;
		}
		finally {
			if (bulk) {
				bulkSlots.release();
			}
		}
	}

	/** Takes work again (a worker started after it was stopped, as tests do). */
	void resume() {
		handingBack = false;
		stopping = false;
	}

	/** From now on nothing more is claimed: entries still arriving are put back. */
	void stopTaking() {
		stopping = true;
	}

	/** How many jobs are running here now. */
	int running() {
		return inFlight.size();
	}

	/**
	 * Called when the grace period is over, just before the running jobs are interrupted:
	 * each goes back to the queue when its handler gives up.
	 */
	void handBackFromNowOn() {
		handingBack = true;
	}

	/**
	 * Hands back the jobs whose handlers did not return even when interrupted. Their
	 * threads may still run for the moments until the process exits; a late outcome of
	 * theirs is refused (the row is no longer this worker's), as for a worker presumed
	 * dead, and handlers are idempotent for that case.
	 * @return how many were handed back
	 */
	int handBackUnfinished() {
		int handed = 0;
		for (Map.Entry<UUID, WorkRedis.Entry> held : Map.copyOf(inFlight).entrySet()) {
			UUID id = held.getKey();
			WorkRedis.Entry entry = held.getValue();
			try {
				TenantContext.run(entry.tenant(), () -> giveBack(entry.tenant(), id));
				redis.ack(entry);
				handed++;
			}
			catch (RuntimeException ex) {
				log.warn("Could not hand back job {}; the orphan release will: {}", id, ex.toString());
			}
		}
		return handed;
	}

	/**
	 * An entry this stopping process will not run, back on its tenant's stream for
	 * another worker (not left pending here until {@code reclaim-idle}).
	 */
	private void putBack(WorkRedis.Entry entry) {
		try {
			redis.publish(entry.tenant(), List.of(entry.jobId()));
			redis.ack(entry);
		}
		catch (RuntimeException ex) {
			log.debug("Could not put back entry of job {}; it stays for reclaim: {}", entry.jobId(), ex.toString());
		}
	}

	/**
	 * This worker's RUNNING job back to PENDING, published at once (the relay publishes
	 * it if Redis refuses).
	 */
	private void giveBack(UUID tenant, UUID id) {
		if (store.handBack(id, workerId)) {
			try {
				redis.publish(tenant, List.of(id));
				store.markPublished(List.of(id));
			}
			catch (RuntimeException ex) {
				log.debug("Job {} handed back unpublished; the relay publishes it: {}", id, ex.toString());
			}
		}
		log.info("Job {} handed back: this worker is stopping", id);
	}

	private void execute(JobHandler handler, Job job) {
		if (job.attempt() > properties.maxAttempts()) {
			Failure lost = Failure.workerLost(job.attempt() - 1);
			store.dead(job.id(), workerId, lost);
			metrics.failed(lost);
			metrics.dead();
			return;
		}
		Failure failure;
		try {
			handler.handle(job);
			record(() -> {
				if (!store.done(job.id(), workerId)) {
					log.warn("Job {} finished after this worker had been presumed dead; it may run again", job.id());
				}
			});
			metrics.done();
			return;
		}
		catch (Throttled throttled) {
			// nothing was tried: the target asked everyone to wait. The thread moves on
			// to other work and the
			// job comes back when the wait is over, with its attempts untouched
			Duration wait = throttled.retryAfter();
			log.debug("Job {} ({} {}) deferred for {}: {}", job.id(), job.kind(), job.key(), wait,
					throttled.getMessage());
			record(() -> store.defer(job.id(), workerId, wait));
			metrics.deferred();
			return;
		}
		catch (Exception | LinkageError | AssertionError ex) {
			if (handingBack) {
				// interrupted by the shutdown, not failed: another worker starts it again
				record(() -> giveBack(job.tenantId(), job.id()));
				return;
			}
			failure = Failure.of(ex, advice);
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
		if (failure.retryable() && job.attempt() < properties.maxAttempts()) {
			Duration delay = backoff(job.attempt());
			if (failure.retryAfter() != null && failure.retryAfter().compareTo(delay) > 0) {
				delay = failure.retryAfter();
			}
			Duration wait = delay;
			log.info("Job {} ({} {}) failed on attempt {}, retrying in {}: {} {}", job.id(), job.kind(), job.key(),
					job.attempt(), wait, failure.kind(), failure.message());
			metrics.failed(failure);
			record(() -> store.retryLater(job.id(), workerId, wait, failure));
			metrics.retried();
		}
		else {
			log.warn("Job {} ({} {}) failed on attempt {}, giving up: {} {}", job.id(), job.kind(), job.key(),
					job.attempt(), failure.kind(), failure.message());
			record(() -> store.dead(job.id(), workerId, failure));
			metrics.failed(failure);
			metrics.dead();
		}
	}

	/**
	 * Exponential, capped, with "equal jitter": between half and all of base *
	 * 2^(attempt-1).
	 */
	Duration backoff(int attempt) {
		long base = properties.backoffBase().toMillis();
		long max = properties.backoffMax().toMillis();
		long exponential = attempt >= 40 ? max : Math.min(max, base << Math.max(0, attempt - 1));
		long half = exponential / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
	}

	/**
	 * Records a job's outcome, trying again for a while if PostgreSQL is briefly away:
	 * the handler's work is done and should not be repeated just because the bookkeeping
	 * failed once.
	 */
	private void record(Runnable write) {
		if (handingBack) {
			// the interrupt was meant for the handler, not for the bookkeeping (a pool
			// refuses an interrupted thread a connection)
			Thread.interrupted();
		}
		RuntimeException last = null;
		for (int attempt = 0; attempt < 6; attempt++) {
			try {
				write.run();
				return;
			}
			catch (RuntimeException ex) {
				last = ex;
				sleep(Duration.ofMillis(250L << attempt));
			}
		}
		throw last;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
