package dev.ferry.system.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasePoolDefaultsTest {

	/** What application.yml sets the pool's size to. */
	private static final String POOL_SIZE = "${FERRY_DB_POOL_SIZE:${ferry.db.default-pool-size:10}}";

	@Test
	void aWorkerGetsTwoConnectionsPerJobThreadWhenThatIsMoreThanTen() {
		assertThat(poolSize(Map.of("ferry.roles", "worker", "ferry.work.concurrency", "16"))).isEqualTo("34");
		assertThat(poolSize(Map.of("ferry.roles", "worker"))).isEqualTo("10");
		assertThat(poolSize(Map.of("ferry.roles", "worker", "ferry.work.concurrency", "2"))).isEqualTo("10");
	}

	@Test
	void webAndSchedulerProcessesKeepTen() {
		assertThat(poolSize(Map.of("ferry.roles", "web"))).isEqualTo("10");
		assertThat(poolSize(Map.of("ferry.roles", "scheduler", "ferry.work.concurrency", "16"))).isEqualTo("10");
		assertThat(poolSize(Map.of("ferry.roles", "web, scheduler"))).isEqualTo("10");
	}

	@Test
	void aProcessWithEveryRoleIsSizedForItsWorker() {
		assertThat(poolSize(Map.of())).isEqualTo("10");
		assertThat(poolSize(Map.of("ferry.work.concurrency", "8"))).isEqualTo("18");
		assertThat(poolSize(Map.of("ferry.roles", "web,worker,scheduler", "ferry.work.concurrency", "8")))
			.isEqualTo("18");
	}

	@Test
	void anExplicitPoolSizeWins() {
		assertThat(poolSize(Map.of("ferry.roles", "worker", "ferry.work.concurrency", "16", "FERRY_DB_POOL_SIZE", "5")))
			.isEqualTo("5");
	}

	private static String poolSize(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new DatabasePoolDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment.resolvePlaceholders(POOL_SIZE);
	}

}
