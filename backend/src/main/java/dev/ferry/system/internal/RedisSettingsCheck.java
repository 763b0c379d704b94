package dev.ferry.system.internal;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when no Redis is configured. Spring Boot would otherwise connect to
 * localhost:6379, and a deployment that forgot {@code FERRY_REDIS_URL} would start and
 * then fail on every queue and session with "connection refused". Checked when the beans
 * are created, so the test's and the demo's own settings count (they arrive after
 * {@link RedisEnvironment} has run).
 */
@Component
class RedisSettingsCheck {

	RedisSettingsCheck(Environment environment) {
		if (!RedisEnvironment.configured(environment)) {
			throw new IllegalStateException("No Redis is configured: set FERRY_REDIS_URL (one Redis, e.g. "
					+ "redis://redis:6379) or FERRY_REDIS_CLUSTER_NODES (a Redis Cluster, host:port,...); see README.md, "
					+ "Configuration");
		}
	}

}
