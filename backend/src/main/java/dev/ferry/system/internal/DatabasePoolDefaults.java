package dev.ferry.system.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The connection pool's default size follows the process's roles
 * ({@code ferry.db.default-pool-size}, which application.yml uses when
 * {@code FERRY_DB_POOL_SIZE} is not set). A worker's job threads each hold a connection
 * for as long as their transaction lasts — a person's sync keeps it across its ShareFile
 * calls — and at times a second one (the deprovisioning guard's lock, a reconcile's batch
 * writer), so a worker needs two per thread and a few for its heartbeat, relay and
 * dispatcher: with {@code ferry.work.concurrency} raised, a fixed 10 made its threads
 * queue for connections. Web and scheduler processes keep 10. docs/operations-scaling.md
 * measures this and gives the sum to hold against PostgreSQL's {@code max_connections}.
 *
 * <p>
 * An environment post-processor, not a bean, because the data source's properties must be
 * settled before the data source is made.
 */
public class DatabasePoolDefaults implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "ferry.db.default-pool-size";

	/** Hikari's own default, and what web and scheduler processes use. */
	static final int BASE = 10;

	/** WorkProperties' default of {@code ferry.work.concurrency}. */
	private static final int DEFAULT_CONCURRENCY = 4;

	@Override
	public int getOrder() {
		// after config data (application.yml, profiles) has been loaded
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		Set<String> roles = binder.bind("ferry.roles", Bindable.setOf(String.class))
			.orElse(Set.of("web", "worker", "scheduler"))
			.stream()
			.map(role -> role.strip().toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		int concurrency = binder.bind("ferry.work.concurrency", Integer.class).orElse(DEFAULT_CONCURRENCY);
		environment.getPropertySources()
			.addLast(
					new MapPropertySource("ferryDatabasePoolDefaults", Map.of(PROPERTY, poolSize(roles, concurrency))));
	}

	/**
	 * The roles of one process share its pool and seldom peak together, so it is sized
	 * for the largest need rather than the sum.
	 */
	static int poolSize(Set<String> roles, int concurrency) {
		return roles.contains("worker") ? Math.max(BASE, 2 * concurrency + 2) : BASE;
	}

}
