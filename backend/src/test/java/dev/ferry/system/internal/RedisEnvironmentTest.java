package dev.ferry.system.internal;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisEnvironmentTest {

	private final RedisEnvironment redis = new RedisEnvironment();

	@Test
	void clusterNodesFromTheEnvironmentSelectTheCluster() {
		MockEnvironment environment = new MockEnvironment().withProperty("FERRY_REDIS_CLUSTER_NODES",
				" redis-0:6379,redis-1:6379 ");
		redis.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.data.redis.cluster.nodes")).isEqualTo("redis-0:6379,redis-1:6379");
		// no empty URL that Spring Boot would parse and refuse
		assertThat(environment.containsProperty("spring.data.redis.url")).isFalse();
		assertThat(RedisEnvironment.configured(environment)).isTrue();
	}

	@Test
	void aUrlSelectsOneRedisAndNothingSetsNothing() {
		MockEnvironment single = new MockEnvironment().withProperty("FERRY_REDIS_URL", "redis://cache:6379");
		redis.postProcessEnvironment(single, new SpringApplication());
		assertThat(single.getProperty("spring.data.redis.url")).isEqualTo("redis://cache:6379");
		assertThat(single.containsProperty("spring.data.redis.cluster.nodes")).isFalse();

		MockEnvironment none = new MockEnvironment().withProperty("FERRY_REDIS_CLUSTER_NODES", "  ");
		redis.postProcessEnvironment(none, new SpringApplication());
		assertThat(none.containsProperty("spring.data.redis.cluster.nodes")).isFalse();
		assertThat(none.containsProperty("spring.data.redis.url")).isFalse();
		assertThat(RedisEnvironment.configured(none)).isFalse();
	}

	@Test
	void withNoRedisConfiguredFerryRefusesToStartAndSaysWhatToSet() {
		assertThatThrownBy(() -> new RedisSettingsCheck(new MockEnvironment()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("FERRY_REDIS_URL")
			.hasMessageContaining("FERRY_REDIS_CLUSTER_NODES");
		new RedisSettingsCheck(new MockEnvironment().withProperty("spring.data.redis.url", "redis://cache:6379"));
		new RedisSettingsCheck(new MockEnvironment().withProperty("spring.data.redis.cluster.nodes", "r0:6379"));
		new RedisSettingsCheck(new MockEnvironment().withProperty("spring.data.redis.sentinel.nodes", "s0:26379"));
	}

	@Test
	void anExplicitSpringPropertyWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("FERRY_REDIS_URL", "redis://from-env:6379")
			.withProperty("spring.data.redis.url", "redis://explicit:6379");
		redis.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://explicit:6379");
	}

}
