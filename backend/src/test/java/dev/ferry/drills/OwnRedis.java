package dev.ferry.drills;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the drill's own on one of the ports the drills may use (6391–6394),
 * without persistence, so that a drill can flush or restart it: FLUSHALL on the Redis
 * everyone else shares would take their work and sessions with it.
 */
final class OwnRedis implements DrillRedis {

	static final int[] PORTS = { 6391, 6392, 6393, 6394 };

	private final int port;

	private final File log;

	private Process process;

	private OwnRedis(int port, File log) {
		this.port = port;
		this.log = log;
	}

	static OwnRedis start() {
		int port = Drill.freePort(PORTS);
		try {
			OwnRedis redis = new OwnRedis(port, File.createTempFile("ferry-drill-redis-", ".log"));
			redis.startServer();
			return redis;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server for the drill", ex);
		}
	}

	String url() {
		return "redis://127.0.0.1:" + port;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("spring.data.redis.url", url());
	}

	@Override
	public String toString() {
		return "redis-server on " + port;
	}

	/** FLUSHALL: every stream, consumer group, ready set, lease and token bucket gone. */
	void flushAll() {
		RedisClient client = RedisClient.create(url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().flushall();
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * SIGKILL, down until {@code noticed} says the failure was felt, then a new empty
	 * server on the same port: what a crashed Redis without persistence comes back as.
	 * @param noticed how the drill knows its Ferry processes met the missing Redis
	 */
	void restart(Runnable noticed) throws InterruptedException {
		kill();
		noticed.run();
		startServer();
	}

	private void startServer() {
		process = launch(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no"), log);
		Process started = process;
		await("redis-server on " + port + " (log " + log + ")").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				if (!started.isAlive()) {
					throw new IllegalStateException("redis-server on " + port + " exited; see " + log);
				}
				return pong(port);
			});
	}

	/**
	 * Starts a redis-server (or a Sentinel) with its output appended to {@code log},
	 * killed when the JVM exits if the drill did not stop it.
	 */
	static Process launch(List<String> command, File log) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "drill-redis-stop"));
			return process;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server (is it installed?)", ex);
		}
	}

	/** Whether a Redis (or a Sentinel) on this port answers PING. */
	static boolean pong(int port) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return "PONG".equals(connection.sync().ping());
		}
		catch (RuntimeException ex) {
			return false;
		}
		finally {
			client.shutdown();
		}
	}

	private void kill() throws InterruptedException {
		process.destroyForcibly();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("redis-server on " + port + " survived SIGKILL");
		}
	}

	@Override
	public void close() {
		try {
			kill();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
