package dev.ferry.system.internal;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Points Ferry at a Redis Cluster when {@code FERRY_REDIS_CLUSTER_NODES} names its nodes
 * ({@code host:port,host:port,...}; docs/operations-redis.md): it becomes
 * {@code spring.data.redis.cluster.nodes}, which Spring Boot prefers to
 * {@code spring.data.redis.url} ({@code FERRY_REDIS_URL}, the single-node default).
 *
 * <p>
 * Not a line in application.yml because Spring Boot switches to cluster mode as soon as
 * that property exists, even empty; so it is only set when there is something to set. The
 * lowest precedence: a {@code spring.data.redis.cluster.nodes} given explicitly
 * (arguments, {@code SPRING_DATA_REDIS_CLUSTER_NODES}) wins.
 */
public class RedisClusterNodes implements EnvironmentPostProcessor, Ordered {

	static final String VARIABLE = "FERRY_REDIS_CLUSTER_NODES";

	static final String PROPERTY = "spring.data.redis.cluster.nodes";

	@Override
	public int getOrder() {
		// before EmbeddedServicesForDemo, which must see that a Redis is configured
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String nodes = environment.getProperty(VARIABLE);
		if (StringUtils.hasText(nodes)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("ferryRedisClusterNodes", Map.of(PROPERTY, nodes.strip())));
		}
	}

}
