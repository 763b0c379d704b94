package dev.ferry.work.internal;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Micrometer meters:
 * {@code ferry.work.jobs{outcome=enqueued|coalesced|done|retried|dead|postponed}} and the
 * gauge {@code ferry.work.pending} (jobs waiting in all tenants, refreshed by the
 * maintenance loop). No tenant tag: with many tenants that would be an unbounded number
 * of series.
 */
@Component
class WorkMetrics {

	private final Counter enqueued;

	private final Counter coalesced;

	private final Counter done;

	private final Counter retried;

	private final Counter dead;

	private final Counter postponed;

	private final Counter deferred;

	private final AtomicLong pending = new AtomicLong();

	WorkMetrics(MeterRegistry registry) {
		this.enqueued = counter(registry, "enqueued");
		this.coalesced = counter(registry, "coalesced");
		this.done = counter(registry, "done");
		this.retried = counter(registry, "retried");
		this.dead = counter(registry, "dead");
		this.postponed = counter(registry, "postponed");
		this.deferred = counter(registry, "deferred");
		Gauge.builder("ferry.work.pending", pending, AtomicLong::get)
			.description("Jobs waiting to run, all tenants")
			.register(registry);
	}

	private static Counter counter(MeterRegistry registry, String outcome) {
		return Counter.builder("ferry.work.jobs")
			.tag("outcome", outcome)
			.description("Background jobs")
			.register(registry);
	}

	void enqueued() {
		enqueued.increment();
	}

	void coalesced() {
		coalesced.increment();
	}

	void done() {
		done.increment();
	}

	void retried() {
		retried.increment();
	}

	void dead() {
		dead.increment();
	}

	void postponed() {
		postponed.increment();
	}

	/**
	 * A job put back, without using an attempt, because a target asked everyone to wait.
	 */
	void deferred() {
		deferred.increment();
	}

	void pending(long total) {
		pending.set(total);
	}

}
