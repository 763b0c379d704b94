package dev.ferry.drills;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import static org.awaitility.Awaitility.await;

/**
 * Redis as docs/operations-redis.md describes it for a Redis that survives the loss of
 * its host: a primary with one replica, watched by three Sentinels that agree (a quorum
 * of two) to promote the replica when the primary stops answering for two seconds. Ferry
 * is given only the Sentinels' addresses and the primary's name, as an operator
 * configures it. No persistence, on ports of the drill's own (6395–6396, Sentinels
 * 26395–26397).
 */
final class OwnSentinel implements DrillRedis {

	static final String MASTER = "ferry";

	static final int PRIMARY = 6395;

	static final int REPLICA = 6396;

	static final int[] SENTINELS = { 26395, 26396, 26397 };

	/** How long the primary must be silent before a Sentinel thinks it down. */
	static final Duration DOWN_AFTER = Duration.ofSeconds(2);

	private final File log;

	private final Map<Integer, Process> servers = new LinkedHashMap<>();

	private OwnSentinel(File log) {
		this.log = log;
	}

	static OwnSentinel start() {
		for (int port : List.of(PRIMARY, REPLICA, SENTINELS[0], SENTINELS[1], SENTINELS[2])) {
			Drill.freePort(new int[] { port });
		}
		OwnSentinel sentinel;
		try {
			sentinel = new OwnSentinel(File.createTempFile("ferry-drill-sentinel-", ".log"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("No log file for the drill's Redis", ex);
		}
		try {
			sentinel.startAll();
			return sentinel;
		}
		catch (RuntimeException ex) {
			sentinel.close();
			throw ex;
		}
	}

	private void startAll() {
		server(PRIMARY);
		server(REPLICA, "--replicaof", "127.0.0.1", String.valueOf(PRIMARY));
		await("the replica in step with the primary (log " + log + ")").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> info(REPLICA).contains("master_link_status:up"));
		for (int port : SENTINELS) {
			startSentinel(port);
		}
		// a Sentinel learns of the replica from the primary and of the other Sentinels
		// from their hello messages (every 2 s): only then can they agree on a failover
		await("three Sentinels that know the replica and each other (log " + log + ")").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> Arrays.stream(SENTINELS).allMatch(port -> {
				Map<String, String> master = sentinel(port, connection -> connection.sync().master(MASTER));
				return "1".equals(master.get("num-slaves")) && "2".equals(master.get("num-other-sentinels"));
			}));
	}

	private void server(int port, String... more) {
		List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
		command.addAll(List.of(more));
		started(port, OwnRedis.launch(command, log));
	}

	private void startSentinel(int port) {
		try {
			// a Sentinel rewrites its configuration file as it learns: one of its own
			File config = File.createTempFile("ferry-drill-sentinel-" + port + "-", ".conf");
			Files.writeString(config.toPath(), String.join("\n", "port " + port, "bind 127.0.0.1",
					"sentinel monitor " + MASTER + " 127.0.0.1 " + PRIMARY + " 2",
					"sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER.toMillis(),
					"sentinel failover-timeout " + MASTER + " 10000", "sentinel parallel-syncs " + MASTER + " 1", ""));
			started(port, OwnRedis.launch(List.of("redis-server", config.getPath(), "--sentinel"), log));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not write a Sentinel's configuration", ex);
		}
	}

	private void started(int port, Process process) {
		servers.put(port, process);
		await("Redis on " + port + " (log " + log + ")").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("Redis on " + port + " exited; see " + log);
				}
				return OwnRedis.pong(port);
			});
	}

	/** The port of the server the Sentinels name as the primary now. */
	int primary() {
		SocketAddress address = sentinel(SENTINELS[0], connection -> connection.sync().getMasterAddrByName(MASTER));
		return ((InetSocketAddress) address).getPort();
	}

	/** SIGKILL of the primary: its host lost. Returns its port. */
	int killPrimary() throws InterruptedException {
		int port = primary();
		Process process = servers.get(port);
		process.destroyForcibly();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Redis on " + port + " survived SIGKILL");
		}
		return port;
	}

	/**
	 * Waits until every Sentinel names another server as the primary and that server says
	 * it is one; returns the new primary's port.
	 */
	int awaitFailover(int lost) {
		await("the Sentinels promoting a replica in place of " + lost + " (log " + log + ")")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Arrays.stream(SENTINELS).allMatch(port -> {
				SocketAddress address = sentinel(port, connection -> connection.sync().getMasterAddrByName(MASTER));
				int primary = ((InetSocketAddress) address).getPort();
				return primary != lost && info(primary).contains("role:master");
			}));
		return primary();
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("spring.data.redis.sentinel.master", MASTER, "spring.data.redis.sentinel.nodes",
				Arrays.stream(SENTINELS).mapToObj(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
	}

	private static String info(int port) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().info("replication");
		}
		catch (RuntimeException ex) {
			return "";
		}
		finally {
			client.shutdown();
		}
	}

	private static <T> T sentinel(int port,
			java.util.function.Function<StatefulRedisSentinelConnection<String, String>, T> ask) {
		RedisClient client = RedisClient.create();
		try (StatefulRedisSentinelConnection<String, String> connection = client
			.connectSentinel(RedisURI.create("redis://127.0.0.1:" + port))) {
			return ask.apply(connection);
		}
		finally {
			client.shutdown();
		}
	}

	@Override
	public String toString() {
		return "a primary and a replica under three Sentinels (" + properties() + ")";
	}

	@Override
	public void close() {
		servers.values().forEach(Process::destroyForcibly);
		for (Process process : servers.values()) {
			try {
				process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
