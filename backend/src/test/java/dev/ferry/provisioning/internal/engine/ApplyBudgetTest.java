package dev.ferry.provisioning.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.ferry.connector.ConnectorException;
import dev.ferry.provisioning.internal.config.ProvisioningProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplyBudgetTest {

	@Test
	void reconcilesInOneProcessShareTheBudgetInsteadOfAddingUp() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ApplyBudget budget = new ApplyBudget(properties(8, 4), registry);
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		// the first calls stay in flight until the budget is full (four of them), so
		// every other thread is waiting for room while they are
		CountDownLatch full = new CountDownLatch(4);
		// three "reconciles" of 8 appliers each, as three big loads on one worker
		ExecutorService appliers = Executors.newFixedThreadPool(24);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 240; i++) {
			calls.add(appliers.submit(() -> budget.call(() -> {
				most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
				full.countDown();
				await(full);
				inFlight.decrementAndGet();
				return null;
			})));
		}
		for (Future<?> call : calls) {
			call.get(30, TimeUnit.SECONDS);
		}
		appliers.shutdown();
		assertThat(most.get()).as("calls at once").isEqualTo(4);
		assertThat(registry.get("ferry.provisioning.apply.in.flight").gauge().value()).isZero();
	}

	@Test
	void byDefaultOneLoadAloneKeepsItsParallelism() {
		assertThat(properties(8, 0).applyBudgetOrDefault())
			.isEqualTo(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
		assertThat(properties(64, 0).applyBudgetOrDefault()).isGreaterThanOrEqualTo(64);
		assertThat(properties(8, 3).applyBudgetOrDefault()).isEqualTo(3);
	}

	@Test
	void aThreadStoppedWhileWaitingMakesNoCall() throws Exception {
		ApplyBudget budget = new ApplyBudget(properties(8, 1), new SimpleMeterRegistry());
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread holder = Thread.ofPlatform().start(() -> budget.call(() -> {
			holding.countDown();
			await(release);
			return null;
		}));
		holding.await();
		AtomicBoolean called = new AtomicBoolean();
		AtomicInteger failures = new AtomicInteger();
		Thread waiter = Thread.ofPlatform().start(() -> {
			try {
				budget.call(() -> called.getAndSet(true));
			}
			catch (ConnectorException ex) {
				if (ex.retryable()) {
					failures.incrementAndGet();
				}
			}
		});
		waiter.interrupt();
		waiter.join(Duration.ofSeconds(10));
		release.countDown();
		holder.join(Duration.ofSeconds(10));
		assertThat(called).isFalse();
		assertThat(failures).hasValue(1);
		assertThat(budget.call(() -> "room again")).isEqualTo("room again");
		assertThatThrownBy(() -> budget.call(() -> {
			throw new IllegalStateException("the call's own failure");
		})).hasMessage("the call's own failure");
		assertThat(budget.call(() -> "and the permit came back")).isEqualTo("and the permit came back");
	}

	private static ProvisioningProperties properties(int parallelism, int budget) {
		return new ProvisioningProperties(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(5),
				parallelism, budget, Duration.ofSeconds(1));
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the latch never opened");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
