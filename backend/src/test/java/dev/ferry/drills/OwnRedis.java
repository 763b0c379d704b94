package dev.ferry.drills;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the drill's own on one of the ports the drills may use (6391–6394),
 * without persistence, so that a drill can flush or restart it: FLUSHALL on the Redis
 * everyone else shares would take their work and sessions with it.
 */
final class OwnRedis implements AutoCloseable {

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
	 * SIGKILL, down for a while, then a new empty server on the same port: what a crashed
	 * Redis without persistence comes back as.
	 */
	void restart(Duration down) throws InterruptedException {
		kill();
		Thread.sleep(down.toMillis());
		startServer();
	}

	private void startServer() {
		try {
			process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server (is it installed?)", ex);
		}
		Process started = process;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "drill-redis-stop"));
		await("redis-server on " + port + " (log " + log + ")").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(this::answers);
	}

	private boolean answers() {
		if (!process.isAlive()) {
			throw new IllegalStateException("redis-server on " + port + " exited; see " + log);
		}
		RedisClient client = RedisClient.create(url());
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
