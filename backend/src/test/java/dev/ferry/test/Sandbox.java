package dev.ferry.test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The sandbox (Okta and ShareFile stand-ins) as a real separate process, started once per
 * test JVM from the jar the build made ({@code infra/sandbox/target/ferry-sandbox.jar}),
 * on a free port, and stopped when the JVM exits. Ferry talks to it over HTTP exactly as
 * to the real services.
 */
public final class Sandbox {

	private static volatile Sandbox instance;

	private final int port;

	private final Process process;

	private final HttpClient http = HttpClient.newHttpClient();

	private Sandbox(int port, Process process) {
		this.port = port;
		this.process = process;
	}

	public static Sandbox get() {
		if (instance == null) {
			synchronized (Sandbox.class) {
				if (instance == null) {
					instance = start();
				}
			}
		}
		return instance;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public int port() {
		return port;
	}

	public String oktaIssuer(String org) {
		return baseUrl() + "/okta/" + org;
	}

	public String shareFileBaseUrl(String account) {
		return baseUrl() + "/sharefile/" + account;
	}

	/** Calls the sandbox's control API; fails the test on anything but 2xx. */
	public String control(String method, String path, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json");
		request.method(method,
				json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(
						method + " " + path + " → " + response.statusCode() + " " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The sandbox did not answer " + method + " " + path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Lets the Ferry portal under test (on its own port) sign people in through an org's
	 * ferry-portal app.
	 */
	public void registerPortal(String org, String portalBaseUrl, String slug) {
		control("POST", "/sandbox/api/okta/" + org + "/oidc-apps/ferry-portal/redirect-uris",
				"{\"uri\":\"" + portalBaseUrl + "/login/oauth2/code/" + slug + "\"}");
		control("POST", "/sandbox/api/okta/" + org + "/oidc-apps/ferry-portal/post-logout-redirect-uris",
				"{\"uri\":\"" + portalBaseUrl + "/login?logout\"}");
	}

	private static Sandbox start() {
		Path jar = locateJar();
		int port = freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		try {
			Path log = Files.createTempFile("ferry-sandbox-", ".log");
			Process process = new ProcessBuilder(List.of(java, "-Xmx768m", "-jar", jar.toString(),
					"--server.port=" + port, "--server.address=127.0.0.1", "--spring.main.banner-mode=off"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Sandbox sandbox = new Sandbox(port, process);
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "ferry-sandbox-stop"));
			Processes.awaitHealthy("The sandbox", process, URI.create(sandbox.baseUrl() + "/actuator/health"), log,
					Duration.ofSeconds(90));
			return sandbox;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the sandbox from " + jar, ex);
		}
	}

	private static Path locateJar() {
		for (String candidate : List.of("../infra/sandbox/target/ferry-sandbox.jar",
				"infra/sandbox/target/ferry-sandbox.jar")) {
			File file = new File(candidate);
			if (file.isFile()) {
				return file.toPath().toAbsolutePath();
			}
		}
		throw new IllegalStateException("No sandbox jar: build it first (./mvnw -pl infra/sandbox package, or run "
				+ "./mvnw verify from the repository root, which builds it before the backend).");
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
