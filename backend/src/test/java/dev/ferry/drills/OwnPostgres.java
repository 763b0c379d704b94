package dev.ferry.drills;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the drill's own, in a temporary directory on one of the ports
 * the drills may use (55441–55444), so that a drill can stop, restart, dump and restore
 * it while the PostgreSQL every other test and agent uses goes on undisturbed. Trust
 * authentication on 127.0.0.1 only; {@code fsync} off, since the drill stops the server,
 * never the machine.
 *
 * <p>
 * PostgreSQL refuses to run as root: when the drill runs as root, every server command
 * ({@code initdb}, {@code pg_ctl}) runs as the {@code postgres} user through
 * {@code runuser}, as the Debian packages do. Clients ({@code pg_dump},
 * {@code pg_restore}) connect over TCP and run as whoever runs the drill.
 */
final class OwnPostgres implements AutoCloseable {

	static final int[] PORTS = { 55441, 55442, 55443, 55444 };

	/** The application's role, as in the other tests ({@code TestServices}). */
	static final String APP_ROLE = "ferry_app";

	private final Path bin;

	private final Path dir;

	private final Path data;

	private final int port;

	private final boolean asPostgresUser;

	private OwnPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
		this.bin = bin;
		this.dir = dir;
		this.data = dir.resolve("data");
		this.port = port;
		this.asPostgresUser = asPostgresUser;
	}

	/** initdb, start, and the application role; the caller closes it. */
	static OwnPostgres start() {
		Path bin = binaries();
		int port = Drill.freePort(PORTS);
		boolean root = "root".equals(System.getProperty("user.name"));
		try {
			Path dir = Files.createTempDirectory("ferry-drill-pg-");
			OwnPostgres postgres = new OwnPostgres(bin, dir, port, root);
			if (root) {
				run(List.of("chown", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
			}
			postgres.server("initdb", "-D", postgres.data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
					"--locale=C", "--no-sync");
			postgres.startServer();
			postgres.sql("postgres",
					"create role " + APP_ROLE + " login password '" + APP_ROLE + "' nosuperuser nobypassrls");
			return postgres;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not set up a PostgreSQL cluster for the drill", ex);
		}
	}

	int port() {
		return port;
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
	}

	void createDatabase(String name) {
		sql("postgres", "create database " + name);
	}

	/**
	 * {@code pg_ctl restart -m fast}: every connection is ended, as an operator's restart
	 * does.
	 */
	void restart() {
		server("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
		startServer();
	}

	/** Stops the server (fast: connections ended, then a clean shut-down). */
	void stop() {
		server("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
	}

	void startServer() {
		server("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
				"-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
				"start");
	}

	/** {@code pg_dump -Fc} of one database into a file (the drill's backup). */
	void dump(String database, Path file) {
		run(List.of(bin.resolve("pg_dump").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres",
				"-Fc", "-f", file.toString(), database), Duration.ofMinutes(2));
	}

	/** A fresh database restored from a {@link #dump}. */
	void restore(Path file, String database) {
		createDatabase(database);
		run(List.of(bin.resolve("pg_restore").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
				"postgres", "--exit-on-error", "-d", database, file.toString()), Duration.ofMinutes(2));
	}

	/** A statement as the superuser (the tables' owner). */
	void sql(String database, String statement) {
		try (Connection connection = connect(database); Statement s = connection.createStatement()) {
			s.execute(statement);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(statement + ": " + ex.getMessage(), ex);
		}
	}

	Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
	}

	@Override
	public void close() {
		try {
			server("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
		}
		catch (RuntimeException ex) {
			// already stopped
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			System.err.println("Could not delete " + dir + ": " + ex.getMessage());
		}
	}

	private void server(String program, String... args) {
		List<String> command = new ArrayList<>();
		if (asPostgresUser) {
			command.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		command.add(bin.resolve(program).toString());
		command.addAll(Arrays.asList(args));
		run(command, Duration.ofMinutes(2));
	}

	static String run(List<String> command, Duration limit) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				// pg_ctl's server inherits the output: a file, so nothing blocks on a
				// pipe nobody reads after pg_ctl returns
				.redirectOutput(ProcessBuilder.Redirect
					.appendTo(new File(System.getProperty("java.io.tmpdir"), "ferry-drill-commands.log")))
				.start();
			if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + limit);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " exited with " + process.exitValue() + " (see "
						+ System.getProperty("java.io.tmpdir") + "/ferry-drill-commands.log)");
			}
			return "";
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The newest PostgreSQL on the machine, or {@code FERRY_DRILL_PG_BIN}. */
	private static Path binaries() {
		String configured = System.getenv("FERRY_DRILL_PG_BIN");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		File[] versions = new File("/usr/lib/postgresql").listFiles();
		if (versions != null) {
			return Arrays.stream(versions)
				.map(version -> version.toPath().resolve("bin"))
				.filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
				.max(Comparator
					.comparing(candidate -> Integer.parseInt(candidate.getParent().getFileName().toString())))
				.orElseThrow(
						() -> new IllegalStateException("No initdb under /usr/lib/postgresql; set FERRY_DRILL_PG_BIN"));
		}
		throw new IllegalStateException("No /usr/lib/postgresql; set FERRY_DRILL_PG_BIN to PostgreSQL's bin directory");
	}

}
