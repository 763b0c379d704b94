package dev.ferry.provisioning.internal.activity;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.ferry.system.TenantTags;

/**
 * The change → ShareFile latency as a Prometheus histogram per organisation,
 * {@code ferry.provisioning.change.latency{tenant}}: the same samples the dashboard's
 * hourly rollup counts (one per operation applied in ShareFile by a run that carries a
 * change, measured from the change reaching Ferry, {@code run.changed_at}, by the
 * database's clock), recorded once the transaction that wrote them commits, so the
 * histogram and {@code operation_hour} agree.
 *
 * <p>
 * Fixed buckets from 100 ms to an hour (twelve, plus the open one) rather than
 * Micrometer's percentile histogram (about seventy): a histogram per organisation must
 * stay small (docs/operations-monitoring.md, "Cardinality"), and twelve bounds place a
 * p95 well enough to alert on.
 */
@Component
public class ChangeLatencyMetrics {

	static final Duration[] BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
			Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
			Duration.ofHours(1) };

	private final MeterRegistry registry;

	private final TenantTags tenants;

	ChangeLatencyMetrics(MeterRegistry registry, TenantTags tenants) {
		this.registry = registry;
		this.tenants = tenants;
	}

	/**
	 * Records the samples after the current transaction commits (at once without one);
	 * nothing when it rolls back.
	 */
	void record(java.util.UUID tenant, List<Long> millis) {
		if (millis.isEmpty()) {
			return;
		}
		// the slug is read now, inside the transaction, not in the after-commit callback
		Timer timer = timer(tenants.of(tenant));
		Runnable samples = () -> millis.forEach(sample -> timer.record(Duration.ofMillis(Math.max(0, sample))));
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

	private Timer timer(String slug) {
		return Timer.builder("ferry.provisioning.change.latency")
			.description("From a change reaching Ferry (hook, System Log, SCIM, Run now) to ShareFile applying it")
			.tag(TenantTags.TAG, slug)
			.serviceLevelObjectives(BUCKETS)
			.register(registry);
	}

}
