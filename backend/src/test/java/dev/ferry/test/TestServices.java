package dev.ferry.test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one way Ferry's tests get PostgreSQL and Redis. With Docker, Testcontainers starts
 * both. Without it, the servers at {@code FERRY_TEST_PG_URL} /
 * {@code FERRY_TEST_REDIS_URL} are used (default 127.0.0.1:5432 and :6379). Either way
 * each test JVM creates its own database and uses its own Redis key prefix, and drops
 * both when it exits, so two runs on one machine never see each other. Embedded servers
 * are never used here: tests must prove Ferry works against the real ones.
 */
public final class TestServices {

	private static final String RUN_ID = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "_"
			+ UUID.randomUUID().toString().substring(0, 8);

	private static volatile TestServices instance;

	/**
	 * The application's database role in tests; a plain login role shared by test runs.
	 */
	public static final String APP_ROLE = "ferry_app";

	static final String APP_ROLE_PASSWORD = "ferry_app";

	private final String adminJdbcUrl;

	private final String username;

	private final String password;

	private final String databaseName;

	private final String redisUrl;

	private final String redisKeyPrefix;

	private TestServices(String adminJdbcUrl, String username, String password, String redisUrl) {
		this.adminJdbcUrl = adminJdbcUrl;
		this.username = username;
		this.password = password;
		this.databaseName = "ferry_test_" + RUN_ID.toLowerCase(Locale.ROOT);
		this.redisUrl = redisUrl;
		this.redisKeyPrefix = "ferry-test-" + RUN_ID + ":";
		createDatabase();
		Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "ferry-test-services-cleanup"));
	}

	public static TestServices get() {
		if (instance == null) {
			synchronized (TestServices.class) {
				if (instance == null) {
					instance = start();
				}
			}
		}
		return instance;
	}

	private static TestServices start() {
		if (env("FERRY_TEST_PG_URL") == null && dockerAvailable()) {
			PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
			postgres.start();
			GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			redis.start();
			return new TestServices(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
					"redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
		}
		return new TestServices(envOr("FERRY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
				envOr("FERRY_TEST_PG_USER", "postgres"), envOr("FERRY_TEST_PG_PASSWORD", ""),
				envOr("FERRY_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	/** The JDBC URL of this run's own database. */
	public String jdbcUrl() {
		URI admin = URI.create(adminJdbcUrl.substring("jdbc:".length()));
		String query = admin.getRawQuery() == null ? "" : "?" + admin.getRawQuery();
		return "jdbc:postgresql://" + admin.getHost() + ":" + admin.getPort() + "/" + databaseName + query;
	}

	public String username() {
		return username;
	}

	public String password() {
		return password;
	}

	public String databaseName() {
		return databaseName;
	}

	public String redisUrl() {
		return redisUrl;
	}

	public String redisKeyPrefix() {
		return redisKeyPrefix;
	}

	/**
	 * Spring properties that point an application context at this run's services:
	 * migrations run as the admin user (the tables' owner), the application as
	 * {@value #APP_ROLE}, to which row-level security applies.
	 */
	public Map<String, String> springProperties() {
		return Map.of("spring.datasource.url", jdbcUrl(), "spring.datasource.username", APP_ROLE,
				"spring.datasource.password", APP_ROLE_PASSWORD, "spring.flyway.user", username,
				"spring.flyway.password", password, "spring.data.redis.url", redisUrl, "ferry.redis.key-prefix",
				redisKeyPrefix);
	}

	/** A connection to this run's database as the application role (RLS applies). */
	public Connection appConnection() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), APP_ROLE, APP_ROLE_PASSWORD);
	}

	/** A connection to this run's database as the owner (RLS does not apply). */
	public Connection ownerConnection() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), username, password);
	}

	public Connection adminConnection() throws SQLException {
		return DriverManager.getConnection(adminJdbcUrl, username, password);
	}

	private void createDatabase() {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create database " + databaseName);
			// roles are cluster-wide: create the application role once, never a superuser
			// (two runs starting at once may both try: the loser's duplicate is harmless)
			statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + APP_ROLE
					+ "') then create role " + APP_ROLE + " login password '" + APP_ROLE_PASSWORD
					+ "' nosuperuser nobypassrls; end if; exception when duplicate_object or unique_violation then null; end $$");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Tests need PostgreSQL at " + adminJdbcUrl
					+ " (set FERRY_TEST_PG_URL, FERRY_TEST_PG_USER, FERRY_TEST_PG_PASSWORD): " + ex.getMessage(), ex);
		}
	}

	private void cleanUp() {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + databaseName + " with (force)");
		}
		catch (SQLException ex) {
			System.err.println("Could not drop test database " + databaseName + ": " + ex.getMessage());
		}
		RedisClient client = RedisClient.create(redisUrl);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = connection.sync()
					.scan(cursor, ScanArgs.Builder.matches(redisKeyPrefix + "*").limit(1000));
				if (!page.getKeys().isEmpty()) {
					connection.sync().del(page.getKeys().toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		catch (RuntimeException ex) {
			System.err.println("Could not clear test Redis keys " + redisKeyPrefix + "*: " + ex.getMessage());
		}
		finally {
			client.shutdown();
		}
	}

	private static String env(String name) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? null : value;
	}

	private static String envOr(String name, String fallback) {
		String value = env(name);
		return value == null ? fallback : value;
	}

}
