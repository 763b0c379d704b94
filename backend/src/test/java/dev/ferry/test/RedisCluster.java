package dev.ferry.test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster on this machine (three primaries, with or without a replica each),
 * for the tests that prove Ferry works on one (RedisClusterIT): each node a
 * {@code redis-server} process with {@code --cluster-enabled yes}, no persistence and a
 * temporary directory of its own, joined by {@code redis-cli --cluster create}, ready
 * once every node reports {@code cluster_state:ok}. {@link #close()} stops the processes
 * and removes the directories; a JVM shutdown hook does so too if a test never gets
 * there.
 *
 * <p>
 * It uses fixed ports (the cluster bus is each port + 10000), so only one may run per
 * machine at a time; a port already taken fails the start with a clear message rather
 * than joining someone else's cluster.
 */
public final class RedisCluster implements AutoCloseable {

	private static final Duration READY_LIMIT = Duration.ofSeconds(30);

	private final List<Integer> ports;

	private final int replicas;

	private final List<Process> servers = new ArrayList<>();

	private final List<Integer> killed = new ArrayList<>();

	private final List<Path> directories = new ArrayList<>();

	private RedisCluster(List<Integer> ports, int replicas) {
		this.ports = List.copyOf(ports);
		this.replicas = replicas;
	}

	/**
	 * Starts the nodes and creates the cluster over them, with {@code replicas} replicas
	 * per primary (0: every node a primary).
	 */
	public static RedisCluster start(List<Integer> ports, int replicas) {
		RedisCluster cluster = new RedisCluster(ports, replicas);
		Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "ferry-test-redis-cluster-stop"));
		try {
			cluster.startNodes();
			cluster.create();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** {@code host:port,...}, as {@code FERRY_REDIS_CLUSTER_NODES} takes it. */
	public String nodes() {
		return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/** The ports of the nodes still running. */
	public synchronized List<Integer> ports() {
		return ports.stream().filter(port -> !killed.contains(port)).toList();
	}

	/**
	 * SIGKILLs the node on this port, as a lost machine would go: its replica (if any) is
	 * promoted once the others have noticed ({@code cluster-node-timeout}, 5 s here).
	 */
	public synchronized void kill(int port) {
		Process server = servers.get(ports.indexOf(port));
		server.destroyForcibly();
		try {
			server.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		killed.add(port);
	}

	/** {@code redis-cli} against one node; its output, trimmed. */
	public String cli(int port, String... args) {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
		command.addAll(List.of(args));
		return run(command);
	}

	private void startNodes() {
		for (int port : ports) {
			if (inUse(port) || inUse(port + 10000)) {
				throw new IllegalStateException("Port " + port + " or its cluster bus port " + (port + 10000)
						+ " is taken: another Redis Cluster test runs, or one was left behind");
			}
		}
		for (int port : ports) {
			try {
				Path directory = Files.createTempDirectory("ferry-redis-cluster-" + port + "-");
				directories.add(directory);
				Process server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
						"127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
						"--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no", "--dir",
						directory.toString(), "--logfile", directory.resolve("redis.log").toString())
					.redirectErrorStream(true)
					.redirectOutput(directory.resolve("stdout.log").toFile())
					.start();
				servers.add(server);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start redis-server on port " + port
						+ " (the Redis Cluster tests need redis-server and redis-cli on the PATH)", ex);
			}
		}
		for (int port : ports) {
			await("redis-server on port " + port).atMost(READY_LIMIT)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> "PONG".equals(cli(port, "ping")));
		}
	}

	private void create() {
		List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		ports.forEach(port -> command.add("127.0.0.1:" + port));
		command.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
		run(command);
		for (int port : ports) {
			await("cluster_state:ok on port " + port).atMost(READY_LIMIT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> cli(port, "cluster", "info").contains("cluster_state:ok"));
		}
		// a replica can take over only once it has its primary's data
		for (int port : ports) {
			await("replication link of port " + port).atMost(READY_LIMIT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					String replication = cli(port, "info", "replication");
					return replication.contains("role:master") || replication.contains("master_link_status:up");
				});
		}
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
			return output.strip();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean inUse(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Stops every node (SIGTERM, then SIGKILL) and removes their directories. */
	@Override
	public synchronized void close() {
		for (Process server : servers) {
			server.destroy();
		}
		for (Process server : servers) {
			try {
				if (!server.waitFor(10, TimeUnit.SECONDS)) {
					server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		servers.clear();
		for (Path directory : directories) {
			try (Stream<Path> files = Files.walk(directory)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				System.err.println("Could not remove " + directory + ": " + ex.getMessage());
			}
		}
		directories.clear();
	}

	@Override
	public String toString() {
		return "Redis Cluster " + nodes();
	}

}
