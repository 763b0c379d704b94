package dev.ferry.work.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.ferry.system.TenantTags;

/**
 * The work module's Micrometer meters (docs/operations-monitoring.md lists them all):
 * <ul>
 * <li>{@code ferry.work.jobs{outcome, tenant}}: jobs enqueued, coalesced, done, retried,
 * dead, postponed, deferred;</li>
 * <li>{@code ferry.work.failures{kind, tenant}}: failed attempts by failure kind (a
 * connector's {@code ConnectorException.Kind}, or {@code UNEXPECTED});</li>
 * <li>{@code ferry.throttle.wait{target, tenant}} and
 * {@code ferry.throttle.deferred{target, tenant}}: time threads waited for a target's
 * token bucket, and waits too long to sit out;</li>
 * <li>{@code ferry.work.pending}: jobs waiting in all tenants;</li>
 * <li>{@code ferry.work.queue.jobs{status, tenant}} and
 * {@code ferry.work.queue.oldest.due{tenant}}: per organisation, read across tenants by
 * one query per {@code ferry.work.metrics-interval}, only in the process that holds the
 * maintenance lease (the others report none, so one series per organisation exists in the
 * whole deployment).</li>
 * </ul>
 * The organisation is named by its slug ({@link TenantTags}): one series per organisation
 * and value, bounded by the number of organisations.
 */
@Component
class WorkMetrics {

	private static final List<String> STATUSES = List.of("pending", "due", "running", "dead");

	private final MeterRegistry registry;

	private final TenantTags tenants;

	private final AtomicLong pending = new AtomicLong();

	private final MultiGauge queue;

	private final MultiGauge oldestDue;

	/** What each per-organisation series reports, by its tags. */
	private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();

	private volatile boolean reportingQueues;

	WorkMetrics(MeterRegistry registry, TenantTags tenants) {
		this.registry = registry;
		this.tenants = tenants;
		Gauge.builder("ferry.work.pending", pending, AtomicLong::get)
			.description("Jobs waiting to run, all tenants")
			.register(registry);
		this.queue = MultiGauge.builder("ferry.work.queue.jobs")
			.description("Jobs per organisation and status (pending: waiting, of which due: may run now; "
					+ "running; dead: given up), from the process that runs work maintenance")
			.register(registry);
		this.oldestDue = MultiGauge.builder("ferry.work.queue.oldest.due")
			.baseUnit("seconds")
			.description("How long the organisation's oldest due job has waited since it became due")
			.register(registry);
	}

	private void outcome(String outcome) {
		Counter.builder("ferry.work.jobs")
			.tag("outcome", outcome)
			.tag(TenantTags.TAG, tenants.current())
			.description("Background jobs by outcome")
			.register(registry)
			.increment();
	}

	void enqueued() {
		outcome("enqueued");
	}

	void coalesced() {
		outcome("coalesced");
	}

	void done() {
		outcome("done");
	}

	void retried() {
		outcome("retried");
	}

	void dead() {
		outcome("dead");
	}

	void postponed() {
		outcome("postponed");
	}

	/**
	 * A job put back, without using an attempt, because a target asked everyone to wait.
	 */
	void deferred() {
		outcome("deferred");
	}

	/** A failed attempt (retried or dead), by what failed. */
	void failed(Failure failure) {
		Counter.builder("ferry.work.failures")
			.tag("kind", failure.kind())
			.tag(TenantTags.TAG, tenants.current())
			.description("Failed job attempts by failure kind")
			.register(registry)
			.increment();
	}

	/**
	 * A thread slept for a target's token bucket before its call (all the sleeps of one
	 * call, one sample).
	 */
	void throttleWaited(String bucket, long millis) {
		Timer.builder("ferry.throttle.wait")
			.tag("target", target(bucket))
			.tag(TenantTags.TAG, tenants.current())
			.description("Time calls waited for a target's rate limit")
			.register(registry)
			.record(java.time.Duration.ofMillis(millis));
	}

	/** A wait too long to sit out: thrown to the caller, which defers the work. */
	void throttleDeferred(String bucket) {
		Counter.builder("ferry.throttle.deferred")
			.tag("target", target(bucket))
			.tag(TenantTags.TAG, tenants.current())
			.description("Calls that would have waited too long for a target's rate limit and were deferred")
			.register(registry)
			.increment();
	}

	/**
	 * The kind of system a bucket paces ({@code sharefile}, {@code okta}), its key's
	 * first part: the rest names an account's address, which would add a series per
	 * address (and an organisation has one of each).
	 */
	static String target(String bucket) {
		int colon = bucket.indexOf(':');
		return colon > 0 ? bucket.substring(0, colon) : bucket;
	}

	/** How metrics and log lines name the organisation. */
	String slug(java.util.UUID tenant) {
		return tenants.of(tenant);
	}

	void pending(long total) {
		pending.set(total);
	}

	/**
	 * The per-organisation gauges, as just read across tenants. Each series reads a
	 * holder that is updated in place, and the registry changes only when an organisation
	 * appears or goes: replacing every series at each reading (every
	 * {@code metrics-interval}) raced Prometheus scrapes, which then answered 500 (seen
	 * once in CI, under hundreds of test organisations).
	 */
	void queues(List<JobStore.TenantGauges> rows) {
		reportingQueues = true;
		List<MultiGauge.Row<?>> queueRows = new ArrayList<>();
		List<MultiGauge.Row<?>> oldestRows = new ArrayList<>();
		Set<Tags> present = new HashSet<>();
		for (JobStore.TenantGauges row : rows) {
			for (String status : STATUSES) {
				Tags tags = Tags.of(TenantTags.TAG, row.slug(), "status", status);
				queueRows.add(MultiGauge.Row.of(tags, holder(tags, row.count(status)), AtomicReference::get));
				present.add(tags);
			}
			Tags tags = Tags.of(TenantTags.TAG, row.slug());
			oldestRows.add(MultiGauge.Row.of(tags, holder(tags, row.oldestDueSeconds()), AtomicReference::get));
			present.add(tags);
		}
		values.keySet().retainAll(present);
		queue.register(queueRows, false);
		oldestDue.register(oldestRows, false);
	}

	/** The holder a series reads, set to its new value. */
	private AtomicReference<Double> holder(Tags tags, Number value) {
		AtomicReference<Double> holder = values.computeIfAbsent(tags, key -> new AtomicReference<>(0.0));
		holder.set(value.doubleValue());
		return holder;
	}

	/**
	 * This process no longer runs maintenance: another reports the per-organisation
	 * gauges, and two reporters would double every sum.
	 */
	void stopReportingQueues() {
		if (reportingQueues) {
			reportingQueues = false;
			queue.register(List.of(), true);
			oldestDue.register(List.of(), true);
			values.clear();
		}
	}

}
