package dev.ferry.test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test's application context at this run's PostgreSQL database and Redis key
 * prefix, gives it a port of its own (so its public URL, which Okta's redirects and hooks
 * use, is known before it starts) and lets it reach the sandbox and the test inbox
 * ({@link TestInbox}: SMTP and webhooks).
 *
 * <p>
 * A test class that sets {@code ferry.test.redis-cluster-ports} (e.g.
 * {@code 7101,7102,7103}) gets a Redis Cluster of its own on those ports
 * ({@link RedisCluster}, with {@code ferry.test.redis-cluster-replicas} replicas per
 * primary) instead of the run's single Redis, started before the context and stopped
 * after it has closed; the context has it as a bean.
 */
public class TestServicesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Map<String, Object> properties = new HashMap<>(TestServices.get().springProperties());
		int port = Sandbox.freePort();
		properties.put("server.port", port);
		// a test may stand behind a (pretend) TLS load balancer with
		// ferry.test.public-url=https://...
		properties.put("ferry.public-url",
				context.getEnvironment().getProperty("ferry.test.public-url", "http://127.0.0.1:" + port));
		properties.put("ferry.allowed-hosts", "127.0.0.1:" + Sandbox.get().port() + ",127.0.0.1:"
				+ IndependentProvider.get().port() + ",127.0.0.1:" + TestInbox.get().webhookPort());
		// alert e-mails go to the JVM's one SMTP server, whichever context sends them
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", TestInbox.get().smtpPort());
		String clusterPorts = context.getEnvironment().getProperty("ferry.test.redis-cluster-ports");
		if (clusterPorts != null && !clusterPorts.isBlank()) {
			List<Integer> ports = Arrays.stream(clusterPorts.split(","))
				.map(String::strip)
				.map(Integer::valueOf)
				.toList();
			int replicas = context.getEnvironment().getProperty("ferry.test.redis-cluster-replicas", Integer.class, 0);
			RedisCluster cluster = RedisCluster.start(ports, replicas);
			properties.remove("spring.data.redis.url");
			properties.put("spring.data.redis.cluster.nodes", cluster.nodes());
			if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
				beans.registerSingleton("ferryTestRedisCluster", cluster);
				// registered before every other bean, so destroyed after all of them: the
				// workers and sessions stop while the cluster still answers
				beans.registerDisposableBean("ferryTestRedisClusterStop", cluster::close);
			}
		}
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ferryTestServices", properties));
	}

}
