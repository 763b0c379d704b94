package dev.ferry.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The meter registries of every application context in this test JVM. A test run caches
 * several contexts against one database and Redis, and whichever context's worker takes a
 * job counts it in its own registry; a test that wants to know what Ferry counted adds
 * them up here (as Prometheus adds up the processes it scrapes). A component in the test
 * sources, like {@code TestJobs}, so every context registers itself.
 */
@Component
public class TestMeters {

	private static final List<MeterRegistry> REGISTRIES = new CopyOnWriteArrayList<>();

	TestMeters(MeterRegistry registry) {
		REGISTRIES.add(registry);
	}

	/** The sum over every context of a value read from each context's matching meters. */
	public static double sum(String name, ToDoubleFunction<Search> read, String... tags) {
		double total = 0;
		for (MeterRegistry registry : REGISTRIES) {
			total += read.applyAsDouble(registry.find(name).tags(tags));
		}
		return total;
	}

	/**
	 * The largest value any context reports (gauges that one process reports at a time).
	 */
	public static double max(String name, ToDoubleFunction<Search> read, String... tags) {
		double max = 0;
		for (MeterRegistry registry : REGISTRIES) {
			max = Math.max(max, read.applyAsDouble(registry.find(name).tags(tags)));
		}
		return max;
	}

	/** Whether any context has a meter of this name and tags. */
	public static boolean exists(String name, String... tags) {
		return REGISTRIES.stream().anyMatch(registry -> registry.find(name).tags(tags).meter() != null);
	}

	/** Every context's Prometheus scrape, one after the other. */
	public static String scrapes() {
		StringBuilder all = new StringBuilder();
		for (MeterRegistry registry : REGISTRIES) {
			if (registry instanceof PrometheusMeterRegistry prometheus) {
				all.append(prometheus.scrape()).append('\n');
			}
		}
		return all.toString();
	}

}
