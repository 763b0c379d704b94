package dev.ferry.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Waiting for a server the tests started as a separate process ({@link Sandbox},
 * {@link FerryProcess}).
 */
final class Processes {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private Processes() {
	}

	/**
	 * Waits until {@code health} answers 200; fails as soon as the process exits, or
	 * after {@code limit}, with the end of its log in the message (a CI log is often all
	 * there is to look at).
	 */
	static void awaitHealthy(String what, Process process, URI health, Path log, Duration limit) {
		try {
			await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException(what + " exited during start-up; see " + log + tail(log));
				}
				return healthy(health);
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException(
					what + " did not become healthy within " + limit.toSeconds() + " s; see " + log + tail(log), ex);
		}
	}

	private static boolean healthy(URI health) throws InterruptedException {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			// not listening yet
			return false;
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

}
