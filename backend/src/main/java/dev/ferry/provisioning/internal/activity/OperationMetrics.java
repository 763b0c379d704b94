package dev.ferry.provisioning.internal.activity;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.ferry.system.TenantTags;

/**
 * What the dashboard's hourly rollup counts, for Prometheus, per organisation: the change
 * → ShareFile latency as a histogram, {@code ferry.provisioning.change.latency{tenant}}
 * (one sample per operation applied in ShareFile by a run that carries a change, measured
 * from the change reaching Ferry, {@code run.changed_at}, by the database's clock), and
 * operations by outcome, {@code ferry.provisioning.operations{outcome, tenant}} (created,
 * updated, disabled, grouped, failed). Both are recorded once the transaction that wrote
 * the rollup commits, so they and {@code operation_hour} agree.
 *
 * <p>
 * Fixed buckets from 100 ms to an hour (twelve, plus the open one) rather than
 * Micrometer's percentile histogram (about seventy): a histogram per organisation must
 * stay small (docs/operations-monitoring.md, "Cardinality"), and twelve bounds place a
 * p95 well enough to alert on.
 */
@Component
public class OperationMetrics {

	static final Duration[] BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
			Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
			Duration.ofHours(1) };

	private final MeterRegistry registry;

	private final TenantTags tenants;

	OperationMetrics(MeterRegistry registry, TenantTags tenants) {
		this.registry = registry;
		this.tenants = tenants;
	}

	/**
	 * Records a tally after the current transaction commits (at once without one);
	 * nothing when it rolls back.
	 */
	void record(java.util.UUID tenant, OperationRollup.Tally tally) {
		// the slug is read now, inside the transaction, not in the after-commit callback
		String slug = tenants.of(tenant);
		Timer timer = tally.samples.isEmpty() ? null : timer(slug);
		Runnable samples = () -> {
			count(slug, "created", tally.created);
			count(slug, "updated", tally.updated);
			count(slug, "disabled", tally.disabled);
			count(slug, "grouped", tally.grouped);
			count(slug, "failed", tally.failed);
			if (timer != null) {
				tally.samples.forEach(sample -> timer.record(Duration.ofMillis(Math.max(0, sample))));
			}
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					samples.run();
				}
			});
		}
		else {
			samples.run();
		}
	}

	private void count(String slug, String outcome, int n) {
		if (n > 0) {
			Counter.builder("ferry.provisioning.operations")
				.description("Operations Ferry applied (created, updated, disabled, grouped) or that failed")
				.tag("outcome", outcome)
				.tag(TenantTags.TAG, slug)
				.register(registry)
				.increment(n);
		}
	}

	private Timer timer(String slug) {
		return Timer.builder("ferry.provisioning.change.latency")
			.description("From a change reaching Ferry (hook, System Log, SCIM, Run now) to ShareFile applying it")
			.tag(TenantTags.TAG, slug)
			.serviceLevelObjectives(BUCKETS)
			.register(registry);
	}

}
