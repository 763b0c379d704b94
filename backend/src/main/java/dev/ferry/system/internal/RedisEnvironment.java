package dev.ferry.system.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Which Redis Ferry uses, from the environment (docs/operations-redis.md):
 * {@code FERRY_REDIS_URL} ({@code redis://host:6379}, one Redis) becomes
 * {@code spring.data.redis.url}, and {@code FERRY_REDIS_CLUSTER_NODES}
 * ({@code host:port,host:port,...}, a Redis Cluster) becomes
 * {@code spring.data.redis.cluster.nodes}, which Spring Boot prefers to the URL.
 *
 * <p>
 * Not lines in application.yml because Spring Boot acts on these properties as soon as
 * they exist, even empty: an empty cluster node list still selects cluster mode, and an
 * empty URL is parsed (for credentials) and refused even in cluster mode. So each is only
 * set when there is something to set. The lowest precedence: the Spring properties given
 * explicitly (arguments, {@code SPRING_DATA_REDIS_URL}, a test's) win.
 */
public class RedisEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String URL_VARIABLE = "FERRY_REDIS_URL";

	static final String CLUSTER_VARIABLE = "FERRY_REDIS_CLUSTER_NODES";

	static final String URL = "spring.data.redis.url";

	static final String CLUSTER_NODES = "spring.data.redis.cluster.nodes";

	@Override
	public int getOrder() {
		// before EmbeddedServicesForDemo, which must see whether a Redis is configured
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> properties = new LinkedHashMap<>();
		String url = environment.getProperty(URL_VARIABLE);
		if (StringUtils.hasText(url)) {
			properties.put(URL, url.strip());
		}
		String nodes = environment.getProperty(CLUSTER_VARIABLE);
		if (StringUtils.hasText(nodes)) {
			properties.put(CLUSTER_NODES, nodes.strip());
		}
		if (!properties.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("ferryRedisEnvironment", properties));
		}
	}

	/**
	 * Whether any Redis is configured: one (by URL, or Spring's own host property), a
	 * cluster, or Sentinel.
	 */
	static boolean configured(Environment environment) {
		return StringUtils.hasText(environment.getProperty(URL))
				|| StringUtils.hasText(environment.getProperty(CLUSTER_NODES))
				|| StringUtils.hasText(environment.getProperty("spring.data.redis.host"))
				|| StringUtils.hasText(environment.getProperty("spring.data.redis.sentinel.nodes"));
	}

}
