package dev.ferry.work.internal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How background work runs, under {@code ferry.work.*}. Consumers, relay and reclaim run
 * only in processes with the {@code worker} role.
 *
 * @param concurrency consumer threads per worker process
 * @param batchSize stream entries a consumer takes from one tenant before moving to the
 * next
 * @param maxAttempts tries before a retryable failure goes to the dead-letter list
 * @param backoffBase the first retry's delay; doubled for each further attempt, with
 * jitter
 * @param backoffMax the longest delay between retries
 * @param lockedRetry how soon a job whose key is busy (another job of the same key
 * running) is retried
 * @param unknownKindRetry how soon a job is retried that this process has no handler for
 * (rolling deploys: a newer worker will know it)
 * @param pollInterval how long an idle consumer waits before looking for work again
 * @param relayInterval how often the relay republishes jobs missing from Redis, and how
 * often orphans and idle stream entries are looked for
 * @param relayGrace how long after publishing a job counts as possibly lost, when its
 * tenant's stream is empty
 * @param reclaimIdle how long a delivered but unacknowledged stream entry may idle before
 * another worker reclaims it (XAUTOCLAIM)
 * @param heartbeatInterval how often a worker process records that it is alive
 * @param workerTimeout how long without a heartbeat before a worker's running jobs are
 * released
 * @param keepDone how long finished jobs are kept (for stats and inspection)
 * @param burst how many seconds' worth of calls a throttle lets through at once
 * @param throttleMaxWait the longest single wait for a throttle's permit (five times it
 * in all); a longer one (a pause a target asked for, e.g. a 503 with Retry-After) defers
 * the job instead, without using up an attempt
 * @param metricsInterval how often the process that runs maintenance reads every
 * organisation's queue for the per-organisation gauges (one query across tenants); about
 * Prometheus's scrape interval
 * @param shutdownGrace how long a stopping worker (SIGTERM, a rolling restart) lets its
 * running jobs finish before it interrupts them and hands them back to the queue; keep it
 * below {@code spring.lifecycle.timeout-per-shutdown-phase} and the platform's own limit
 * (Kubernetes' {@code terminationGracePeriodSeconds})
 */
@ConfigurationProperties("ferry.work")
@Validated
public record WorkProperties(@DefaultValue("4") @Min(1) @Max(256) int concurrency,
		@DefaultValue("10") @Min(1) @Max(1000) int batchSize, @DefaultValue("8") @Min(1) int maxAttempts,
		@DefaultValue("2s") Duration backoffBase, @DefaultValue("15m") Duration backoffMax,
		@DefaultValue("1s") Duration lockedRetry, @DefaultValue("30s") Duration unknownKindRetry,
		@DefaultValue("200ms") Duration pollInterval, @DefaultValue("1s") Duration relayInterval,
		@DefaultValue("10s") Duration relayGrace, @DefaultValue("60s") Duration reclaimIdle,
		@DefaultValue("5s") Duration heartbeatInterval, @DefaultValue("30s") Duration workerTimeout,
		@DefaultValue("7d") Duration keepDone, @DefaultValue("2") @Min(1) int burst,
		@DefaultValue("2s") Duration throttleMaxWait, @DefaultValue("15s") Duration metricsInterval,
		@DefaultValue("15s") Duration shutdownGrace) {

}
