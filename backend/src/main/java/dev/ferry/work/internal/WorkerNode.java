package dev.ferry.work.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ferry.system.TenantContext;
import dev.ferry.work.FailureAdvice;
import dev.ferry.work.JobHandler;

/**
 * One worker process's share of the work: a dispatcher (the stream consumer) that rotates
 * over the tenants with queued work, handing a small batch from each to
 * {@code concurrency} threads (fairness), a heartbeat, and the maintenance loop (relay,
 * orphan release, reclaim, purge, metrics), which only one process at a time runs, under
 * a lease in Redis.
 */
class WorkerNode {

	private static final Logger log = LoggerFactory.getLogger(WorkerNode.class);

	private final String id;

	private final String host;

	private final JobStore store;

	private final WorkRedis redis;

	private final WorkProperties properties;

	private final WorkMetrics metrics;

	private final JobRunner runner;

	private final AtomicInteger rotation = new AtomicInteger();

	private Semaphore permits;

	private ExecutorService executor;

	private Thread dispatcher;

	private ScheduledExecutorService maintenance;

	private ScheduledFuture<?> maintaining;

	private volatile boolean running;

	private long maintenanceRounds;

	/** When the queue gauges were last read (System.nanoTime), 0 for never. */
	private long lastQueueReport;

	/**
	 * How long interrupted handlers get to notice before their jobs are handed back from
	 * outside.
	 */
	private static final Duration HANDLERS_GIVE_UP = Duration.ofSeconds(3);

	WorkerNode(JobStore store, WorkRedis redis, Map<String, JobHandler> handlers, WorkProperties properties,
			WorkMetrics metrics, FailureAdvice advice) {
		this.host = hostName();
		this.id = host + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.store = store;
		this.redis = redis;
		this.properties = properties;
		this.metrics = metrics;
		this.runner = new JobRunner(store, redis, handlers, properties, metrics, id, advice);
	}

	String id() {
		return id;
	}

	synchronized void start() {
		if (running) {
			return;
		}
		running = true;
		runner.resume();
		heartbeat();
		permits = new Semaphore(properties.concurrency());
		AtomicInteger threads = new AtomicInteger();
		executor = Executors.newFixedThreadPool(properties.concurrency(),
				runnable -> Thread.ofPlatform()
					.name("ferry-work-" + threads.getAndIncrement())
					.daemon()
					.unstarted(runnable));
		dispatcher = Thread.ofPlatform().name("ferry-work-dispatcher").daemon().unstarted(this::dispatch);
		dispatcher.start();
		maintenance = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ferry-work-maintenance").daemon().factory());
		maintenance.scheduleWithFixedDelay(this::heartbeat, properties.heartbeatInterval().toMillis(),
				properties.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
		maintaining = maintenance.scheduleWithFixedDelay(this::maintain, properties.relayInterval().toMillis(),
				properties.relayInterval().toMillis(), TimeUnit.MILLISECONDS);
		log.info("Worker {} started with {} threads", id, properties.concurrency());
	}

	/**
	 * Stops taking work, lets running jobs finish for up to {@code grace}, then
	 * interrupts them and hands back those that did not finish: PENDING at once and on
	 * the stream for the other workers, instead of waiting out {@code worker-timeout} as
	 * a crashed worker's jobs do. The heartbeat goes on until then, so nobody takes this
	 * worker's running jobs for orphans while it is still finishing them.
	 */
	synchronized void stop(Duration grace) {
		if (!running) {
			return;
		}
		running = false;
		runner.stopTaking();
		maintaining.cancel(false);
		int busy = runner.running();
		if (busy > 0) {
			log.info("Worker {} stopping: letting {} running jobs finish (at most {})", id, busy, grace);
		}
		try {
			dispatcher.interrupt();
			dispatcher.join(Duration.ofSeconds(5));
			executor.shutdown();
			if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				runner.handBackFromNowOn();
				executor.shutdownNow();
				executor.awaitTermination(HANDLERS_GIVE_UP.toMillis(), TimeUnit.MILLISECONDS);
				int stuck = runner.handBackUnfinished();
				log.info("Worker {} handed back the jobs it could not finish within {}{}", id, grace,
						stuck > 0 ? " (" + stuck + " of them still running when it left)" : "");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		maintenance.shutdownNow();
		try {
			store.forgetWorker(id);
		}
		catch (RuntimeException ex) {
			log.debug("Could not remove worker {}: {}", id, ex.toString());
		}
	}

	/**
	 * For tests that simulate a crash: the heartbeat, the maintenance and the dispatcher
	 * stop at once, as if the process had died; a handler still running is left alone
	 * (the test decides when, if ever, it returns).
	 */
	synchronized void kill() {
		running = false;
		maintenance.shutdownNow();
		dispatcher.interrupt();
		executor.shutdown();
	}

	boolean isRunning() {
		return running;
	}

	/**
	 * The node's one reader: walks the ready tenants round robin and from each takes only
	 * as many entries as there are idle threads (at most the batch size), so a big
	 * tenant's backlog waits in Redis, not here, and another tenant's entry is taken as
	 * soon as one thread is free.
	 */
	private void dispatch() {
		while (running) {
			try {
				if (!dispatchRound()) {
					Thread.sleep(properties.pollInterval());
				}
			}
			catch (InterruptedException ex) {
				if (!running) {
					return;
				}
			}
			catch (RuntimeException ex) {
				log.warn("Worker {} could not read work, pausing: {}", id, ex.toString());
				sleepQuietly(Duration.ofSeconds(1));
			}
		}
	}

	/** One pass over the ready tenants; false if none had anything. */
	private boolean dispatchRound() throws InterruptedException {
		List<UUID> tenants = redis.readyTenants();
		if (tenants.isEmpty()) {
			return false;
		}
		int start = Math.floorMod(rotation.getAndIncrement(), tenants.size());
		boolean found = false;
		for (int i = 0; i < tenants.size() && running; i++) {
			UUID tenant = tenants.get((start + i) % tenants.size());
			permits.acquire();
			int free = 1 + permits.drainPermits();
			List<WorkRedis.Entry> entries;
			try {
				entries = redis.read(tenant, id, Math.min(free, properties.batchSize()));
			}
			catch (RuntimeException ex) {
				permits.release(free);
				throw ex;
			}
			permits.release(free - entries.size());
			for (WorkRedis.Entry entry : entries) {
				found = true;
				executor.execute(() -> {
					try {
						runner.run(entry);
					}
					finally {
						permits.release();
					}
				});
			}
		}
		return found;
	}

	private void heartbeat() {
		try {
			store.heartbeat(id, host);
		}
		catch (RuntimeException ex) {
			log.warn("Worker {} could not record its heartbeat: {}", id, ex.toString());
		}
	}

	private void maintain() {
		try {
			Duration lease = properties.relayInterval().multipliedBy(5);
			if (!redis.holdLease("maintenance", id,
					lease.compareTo(Duration.ofSeconds(3)) < 0 ? Duration.ofSeconds(3) : lease)) {
				metrics.stopReportingQueues();
				lastQueueReport = 0;
				return;
			}
			relay();
			int released = store.releaseOrphans(properties.workerTimeout());
			if (released > 0) {
				log.warn("Released {} running jobs of workers without a heartbeat", released);
			}
			for (UUID tenant : redis.tenantsWithStreams()) {
				long reclaimed = redis.reclaim(tenant, properties.reclaimIdle());
				if (reclaimed > 0) {
					log.info("Reclaimed {} idle stream entries of tenant {}", reclaimed, tenant);
				}
			}
			metrics.pending(store.pendingTotal());
			reportQueues();
			if (maintenanceRounds++ % 3600 == 0) {
				store.purge(properties.keepDone());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Work maintenance failed: {}", ex.toString());
		}
	}

	/**
	 * The per-organisation queue gauges, read across tenants at most once per
	 * {@code metrics-interval} and only here, under the maintenance lease: one process in
	 * the deployment asks, however many web and worker processes Prometheus scrapes.
	 */
	private void reportQueues() {
		long now = System.nanoTime();
		if (lastQueueReport != 0 && now - lastQueueReport < properties.metricsInterval().toNanos()) {
			return;
		}
		lastQueueReport = now;
		metrics.queues(store.tenantGauges());
	}

	/**
	 * Publishes due jobs that are not on a stream: those never published (rescheduled,
	 * released, revived) and, for a tenant whose stream is empty, those published long
	 * ago (lost between commit and XADD, or in a Redis flush). A busy tenant's stream is
	 * left alone: its jobs are still queued there (and it is listed for reclaim, which
	 * marks it ready if its entries wait undelivered).
	 */
	void relay() {
		for (JobStore.DueTenant due : store.dueTenants(properties.relayGrace())) {
			boolean lost = redis.streamLength(due.tenantId()) == 0;
			if (!lost) {
				// due jobs sit in a stream: make sure reclaim visits it, in case the
				// publish that added them never listed the tenant (docs/work.md)
				redis.listStream(due.tenantId());
			}
			if (!due.unpublished() && !lost) {
				continue;
			}
			TenantContext.run(due.tenantId(), () -> {
				List<UUID> ids = store.duePublications(lost, properties.relayGrace(), 1000);
				if (!ids.isEmpty()) {
					redis.publish(due.tenantId(), ids);
					store.markPublished(ids);
				}
			});
		}
	}

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String hostName() {
		try {
			String name = InetAddress.getLocalHost().getHostName();
			return name.length() > 60 ? name.substring(0, 60) : name;
		}
		catch (Exception ex) {
			return "worker";
		}
	}

}
