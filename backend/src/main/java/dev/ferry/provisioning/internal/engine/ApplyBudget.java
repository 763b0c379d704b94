package dev.ferry.provisioning.internal.engine;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.provisioning.internal.config.ProvisioningProperties;

/**
 * The target calls all the reconciles of this process make at once, together
 * ({@code ferry.provisioning.apply-budget}). Each reconcile still applies up to
 * {@code apply-parallelism} people side by side, but several big loads in one worker
 * share this budget, fairly (first come, first served between their threads), instead of
 * adding up: their calls' bookkeeping would otherwise take the CPU the single changes of
 * every other organisation need. The 500-organisation benchmark measured it
 * (docs/operations-scaling.md): with three loads of 8,000 on two workers, 24 calls at
 * once gave other organisations' first changes a p95 of 2.1 s, 12 at once 1.1 s. A
 * person's own sync ({@code identity.sync}) is not counted: it is the work this keeps
 * moving.
 */
@Component
class ApplyBudget {

	private final Semaphore permits;

	private final int size;

	ApplyBudget(ProvisioningProperties properties, MeterRegistry registry) {
		this.size = properties.applyBudgetOrDefault();
		this.permits = new Semaphore(size, true);
		Gauge.builder("ferry.provisioning.apply.in.flight", () -> size - permits.availablePermits())
			.description("Target calls this process's reconciles are making at once (of ferry.provisioning"
					+ ".apply-budget)")
			.register(registry);
	}

	/**
	 * Makes one call within the budget, waiting for room first. A thread interrupted
	 * while waiting (its run is being stopped) makes no call: the operation fails as
	 * retryable, untried.
	 */
	<T> T call(Supplier<T> call) {
		try {
			permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ConnectorException.of(ConnectorException.Kind.RETRYABLE, "Stopped before the call was made");
		}
		try {
			return call.get();
		}
		finally {
			permits.release();
		}
	}

	int size() {
		return size;
	}

}
