package dev.ferry.work.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ferry.system.FerryProperties;
import dev.ferry.work.FailureAdvice;
import dev.ferry.work.JobHandler;

/** Starts this process's worker when it has the {@code worker} role. */
@Configuration(proxyBeanMethods = false)
class WorkConfig {

	@Bean
	WorkerLifecycle workerLifecycle(JobStore store, WorkRedis redis, List<JobHandler> handlers,
			WorkProperties properties, WorkMetrics metrics, FerryProperties ferry, List<FailureAdvice> advice) {
		Map<String, JobHandler> byKind = new LinkedHashMap<>();
		for (JobHandler handler : handlers) {
			JobHandler previous = byKind.put(handler.kind(), handler);
			if (previous != null) {
				throw new IllegalStateException("Two job handlers for kind '" + handler.kind() + "': "
						+ previous.getClass().getName() + " and " + handler.getClass().getName());
			}
		}
		return new WorkerLifecycle(new WorkerNode(store, redis, byKind, properties, metrics, Failure.combined(advice)),
				ferry.runs(FerryProperties.Role.WORKER), properties.shutdownGrace());
	}

	/**
	 * Consumers start after everything else and stop first (before the web server's
	 * graceful shutdown), finishing their current jobs within {@code shutdown-grace} and
	 * handing back the rest.
	 */
	static final class WorkerLifecycle implements SmartLifecycle {

		private final WorkerNode node;

		private final boolean enabled;

		private final Duration grace;

		WorkerLifecycle(WorkerNode node, boolean enabled, Duration grace) {
			this.node = node;
			this.enabled = enabled;
			this.grace = grace;
		}

		WorkerNode node() {
			return node;
		}

		@Override
		public void start() {
			if (enabled) {
				node.start();
			}
		}

		@Override
		public void stop() {
			node.stop(grace);
		}

		@Override
		public boolean isRunning() {
			return node.isRunning();
		}

		@Override
		public int getPhase() {
			return Integer.MAX_VALUE - 100;
		}

	}

}
