package dev.ferry.test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.ferry.FerryApplication;

/**
 * Ferry as a separate JVM process, from this test JVM's own classpath, pointed at the
 * same PostgreSQL database and Redis key prefix ({@link TestServices}) and the same
 * sandbox ({@link Sandbox}) as the application context of the test, on a free port of its
 * own. It exists so that a test can kill Ferry the way an OOM killer or a lost node does
 * — {@link #kill()} is SIGKILL: no shutdown hook, no graceful stop, no last write — which
 * no in-process simulation can do.
 *
 * <p>
 * It runs with the {@code test} profile, so it has the same second-scale work timings and
 * secrets as the test's own context. Its migrations find the database already migrated
 * (it is the same one), and it never starts embedded services (those are only for the
 * demo profile).
 */
public final class FerryProcess implements AutoCloseable {

	/**
	 * A JVM starting on a busy 2-core machine: 20-30 s alone, but a test that starts
	 * three beside others' runs has seen 130 s (load average 45).
	 */
	private static final Duration START_LIMIT = Duration.ofSeconds(240);

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private FerryProcess(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts Ferry with the given roles ({@code worker,scheduler}, ...) and waits until
	 * it reports itself healthy (database and Redis reachable, every bean started, the
	 * worker among them).
	 */
	public static FerryProcess start(String name, String roles) {
		return start(name, roles, Sandbox.freePort(), Map.of());
	}

	/**
	 * As {@link #start(String, String)}, on a given port (a restart takes over the
	 * address Okta delivers to) and with extra Spring properties (e.g. a database URL
	 * through a proxy a test can cut).
	 */
	public static FerryProcess start(String name, String roles, int port, Map<String, Object> extra) {
		return start(name, roles, port, extra, Map.of());
	}

	/**
	 * As {@link #start(String, String, int, Map)}, with environment variables an operator
	 * would set (e.g. {@code FERRY_LOG_FORMAT}).
	 */
	public static FerryProcess start(String name, String roles, int port, Map<String, Object> extra,
			Map<String, String> environment) {
		// the test JVM's classpath (under Maven a manifest-only jar whose Class-Path
		// names everything)
		return launch(name, List.of("-cp", System.getProperty("java.class.path"), FerryApplication.class.getName()),
				roles, port, extra, environment);
	}

	/**
	 * Ferry from a built jar, e.g. the previous release's ({@code RollingUpgradeIT}),
	 * with the same test profile and settings as
	 * {@link #start(String, String, int, Map)}: the test profile's file is not in that
	 * jar, so it is read from this test classpath.
	 */
	public static FerryProcess startJar(String name, Path jar, String roles, Map<String, Object> extra) {
		Map<String, Object> properties = new TreeMap<>();
		properties.put("spring.config.additional-location", "optional:file:" + testProfileFile());
		properties.putAll(extra);
		return launch(name, List.of("-jar", jar.toString()), roles, Sandbox.freePort(), properties, Map.of());
	}

	private static Path testProfileFile() {
		try {
			return Path.of(FerryProcess.class.getResource("/application-test.yml").toURI());
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static FerryProcess launch(String name, List<String> main, String roles, int port,
			Map<String, Object> extra, Map<String, String> environment) {
		Map<String, Object> properties = new TreeMap<>(TestServices.get().springProperties());
		properties.put("spring.profiles.active", "test");
		properties.put("server.port", port);
		properties.put("server.address", "127.0.0.1");
		properties.put("ferry.public-url", "http://127.0.0.1:" + port);
		properties.put("ferry.allowed-hosts", "127.0.0.1:" + Sandbox.get().port());
		properties.put("ferry.roles", roles);
		properties.putAll(extra);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// a small, quickly starting JVM: two or three of them share a small CI machine
		// with the test JVM
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
		command.addAll(main);
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Path log = Files.createTempFile("ferry-" + name + "-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			FerryProcess ferry = new FerryProcess(name, port, process, log);
			// the last resort if the test JVM ends before the test's own clean-up ran
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "ferry-" + name + "-stop"));
			try {
				Processes.awaitHealthy("Ferry (" + name + ")", process,
						URI.create(ferry.baseUrl() + "/actuator/health"), log, START_LIMIT);
			}
			catch (RuntimeException ex) {
				ferry.close();
				throw ex;
			}
			return ferry;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start Ferry (" + name + ")", ex);
		}
	}

	public int port() {
		return port;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public long pid() {
		return process.pid();
	}

	public Path log() {
		return log;
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/**
	 * SIGTERM, as a rolling restart or a Kubernetes pod deletion sends it: Spring stops
	 * the process gracefully (the worker finishes or hands back its jobs). Waits until it
	 * has exited.
	 * @return the exit code (143 when the JVM ends on the signal)
	 */
	public int terminate(Duration limit) {
		process.destroy();
		try {
			if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this + " still runs " + limit + " after SIGTERM");
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * SIGKILL, and waits until the process is gone: nothing in it runs another
	 * instruction.
	 */
	public void kill() {
		process.destroyForcibly();
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Ferry (" + name + ", pid " + process.pid() + ") survived SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Kills the process if it still runs; a test's {@code finally} calls this so no
	 * process outlives it.
	 */
	@Override
	public void close() {
		if (process.isAlive()) {
			kill();
		}
	}

	@Override
	public String toString() {
		return "Ferry (" + name + ", pid " + process.pid() + ", port " + port + ", log " + log + ")";
	}

}
