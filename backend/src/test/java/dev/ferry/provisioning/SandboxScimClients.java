package dev.ferry.provisioning;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sandbox's SCIM clients (docs/scim.md, "The sandbox as a SCIM client") for one
 * {@link ProvisioningWorld} whose organisation takes people by SCIM push: the Okta org's
 * ShareFile app with SCIM provisioning pointed at Ferry, its queue and call log, and
 * Ferry's SCIM endpoint read directly (as Okta's test suites do) and a ShareFile sign-in.
 */
final class SandboxScimClients {

	static final Duration QUEUE = Duration.ofSeconds(120);

	final ProvisioningWorld world;

	final String base;

	final String token;

	private final HttpClient http = HttpClient.newHttpClient();

	SandboxScimClients(ProvisioningWorld world, String base, String token) {
		this.world = world;
		this.base = base;
		this.token = token;
	}

	/** SCIM provisioning on the Okta org's ShareFile app, every To App action on. */
	void registerOktaApp(String mode) {
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/apps/ShareFile/scim",
				"{\"baseUrl\":\"" + base + "\",\"token\":\"" + token + "\",\"syncPassword\":true,\"createUsers\":true,"
						+ "\"updateUsers\":true,\"deactivateUsers\":true,\"mode\":\"" + mode + "\"}");
	}

	/** Waits until Okta has sent everything it queued. */
	void oktaIdle() {
		await().atMost(QUEUE)
			.until(() -> ProvisioningWorld.JSON
				.readTree(world.sandbox.control("POST",
						"/sandbox/api/okta/" + world.org + "/scim/idle?timeoutSeconds=20", null))
				.path("idle")
				.asBoolean());
	}

	/** Okta's SCIM calls after a sequence number. */
	List<JsonNode> oktaCalls(long after) {
		List<JsonNode> calls = new ArrayList<>();
		ProvisioningWorld.JSON
			.readTree(world.sandbox.control("GET", "/sandbox/api/okta/" + world.org + "/scim/log?after=" + after, null))
			.forEach(calls::add);
		return calls;
	}

	long lastOktaCall() {
		List<JsonNode> calls = oktaCalls(0);
		return calls.isEmpty() ? 0 : calls.getLast().path("sequence").asLong();
	}

	/**
	 * Okta's calls that Ferry refused or that failed, as text for an assertion message.
	 */
	static List<String> failures(List<JsonNode> calls) {
		return calls.stream()
			.filter(call -> call.path("status").asInt() < 200 || call.path("status").asInt() >= 300)
			.map(JsonNode::toString)
			.toList();
	}

	HttpResponse<String> scim(String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/scim+json");
		if (body != null) {
			request.header("Content-Type", "application/scim+json");
		}
		request.method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	JsonNode scimJson(String method, String path) {
		HttpResponse<String> answer = scim(method, path, null);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return ProvisioningWorld.JSON.readTree(answer.body());
	}

	/** The SCIM user with this userName at Ferry's endpoint, or a missing node. */
	JsonNode scimUser(String userName) {
		return scimJson("GET", "/Users?filter=" + encode("userName eq \"" + userName + "\"")).path("Resources").path(0);
	}

	/** A password grant at the sandbox's ShareFile, as the person signing in. */
	int shareFileSignIn(String username, String password) {
		String form = "grant_type=password&client_id=sandbox-client&client_secret=sandbox-secret&username="
				+ encode(username) + "&password=" + encode(password);
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create(world.sandbox.shareFileBaseUrl(world.org) + "/oauth/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build(), HttpResponse.BodyHandlers.ofString())
				.statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
