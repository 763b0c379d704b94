package dev.ferry.sandbox.okta.scim;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.OktaUser;

/**
 * Okta's SCIM 2.0 client pushing a password (docs/reference/okta.md §8): look the person
 * up by userName, then create them with the password when the service does not know them,
 * or PATCH the password without a {@code path} as Okta's OIN integrations do. Every call
 * is reported (method, path, status) so tests can see what the service answered; the
 * password itself is never part of a report.
 */
@Component
public class ScimClient {

	static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final JsonMapper json;

	ScimClient(JsonMapper json) {
		this.json = json;
	}

	/** One request Okta sent and what came back. */
	public record Call(String method, String path, int status, String detail) {
	}

	public List<Call> pushPassword(ScimProvisioning scim, OktaUser user, String password) {
		List<Call> calls = new ArrayList<>();
		String filter = URLEncoder.encode("userName eq \"" + user.login() + "\"", StandardCharsets.UTF_8)
			.replace("+", "%20");
		Call lookup = send(scim, "GET", "/Users?filter=" + filter + "&startIndex=1&count=100", null);
		calls.add(lookup);
		String id = null;
		if (lookup.status() == 200) {
			JsonNode resources = read(lookup.detail()).path("Resources");
			id = resources.isArray() && !resources.isEmpty() ? resources.get(0).path("id").asString(null) : null;
		}
		else if (lookup.status() != 404) {
			return calls;
		}
		if (id == null) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("schemas", List.of(USER));
			body.put("userName", user.login());
			body.put("name", Map.of("givenName", String.valueOf(user.profile().getOrDefault("firstName", "")),
					"familyName", String.valueOf(user.profile().getOrDefault("lastName", ""))));
			Object email = user.profile().get("email");
			if (email != null) {
				body.put("emails", List.of(Map.of("primary", true, "value", email, "type", "work")));
			}
			body.put("externalId", user.id());
			body.put("groups", List.of());
			body.put("password", password);
			body.put("active", true);
			calls.add(send(scim, "POST", "/Users", json.writeValueAsString(body)));
		}
		else {
			Map<String, Object> body = Map.of("schemas", List.of(PATCH_OP), "Operations",
					List.of(Map.of("op", "replace", "value", Map.of("password", password))));
			calls.add(send(scim, "PATCH", "/Users/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
					json.writeValueAsString(body)));
		}
		// the bodies were only needed to find the id; reports keep the status and the
		// SCIM error detail
		return calls.stream()
			.map(call -> new Call(call.method(), call.path(), call.status(), errorDetail(call)))
			.toList();
	}

	private Call send(ScimProvisioning scim, String method, String path, String body) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scim.baseUrl() + path))
				.timeout(Duration.ofSeconds(10))
				.header("Authorization", "Bearer " + scim.token())
				.header("User-Agent", "Okta SCIM Client 1.0.0")
				.header("Accept", "application/scim+json");
			if (body != null) {
				request.header("Content-Type", "application/scim+json; charset=utf-8");
				request.method(method, HttpRequest.BodyPublishers.ofString(body));
			}
			else {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Call(method, path, response.statusCode(), response.body());
		}
		catch (IOException | IllegalArgumentException ex) {
			return new Call(method, path, 0, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Call(method, path, 0, "interrupted");
		}
	}

	private String errorDetail(Call call) {
		if (call.status() == 0) {
			return call.detail();
		}
		return call.status() >= 400 ? read(call.detail()).path("detail").asString(null) : null;
	}

	private JsonNode read(String body) {
		try {
			return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
		}
		catch (JacksonException ex) {
			return json.createObjectNode();
		}
	}

}
