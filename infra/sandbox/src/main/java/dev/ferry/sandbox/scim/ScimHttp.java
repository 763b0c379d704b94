package dev.ferry.sandbox.scim;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side shared by the sandbox's SCIM clients (Okta's and Entra ID's): a bearer
 * token, the client's own {@code User-Agent}, SCIM media types, and an answer that is
 * never an exception (a connection failure is status 0 with its reason), so a client can
 * log it and carry on as the real ones do.
 */
public final class ScimHttp {

	public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

	public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String baseUrl;

	private final String token;

	private final String userAgent;

	private final JsonMapper json;

	public ScimHttp(String baseUrl, String token, String userAgent, JsonMapper json) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.token = token;
		this.userAgent = userAgent;
		this.json = json;
	}

	/** What came back: the status (0 when nothing did) and the body. */
	public record Answer(String method, String path, int status, String body, JsonNode json) {

		public boolean ok() {
			return status >= 200 && status < 300;
		}

		/** The SCIM Error's {@code detail}, or the transport failure, for logs. */
		public String errorDetail() {
			if (status == 0) {
				return body;
			}
			if (ok()) {
				return null;
			}
			String detail = json.path("detail").asString(null);
			return detail != null ? detail : (body == null || body.length() <= 200 ? body : body.substring(0, 200));
		}

	}

	/**
	 * @param path below the base URL, query included (already encoded)
	 * @param body a JSON-serialisable value, or null
	 */
	public Answer send(String method, String path, Object body) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
				.timeout(Duration.ofSeconds(60))
				.header("Authorization", "Bearer " + token)
				.header("User-Agent", userAgent)
				.header("Accept", "application/scim+json");
			if (body != null) {
				request.header("Content-Type", "application/scim+json; charset=utf-8");
				request.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
			}
			else {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(method, path, response.statusCode(), response.body(), read(response.body()));
		}
		catch (IOException | IllegalArgumentException ex) {
			return new Answer(method, path, 0, ex.getClass().getSimpleName() + ": " + ex.getMessage(),
					json.createObjectNode());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(method, path, 0, "interrupted", json.createObjectNode());
		}
	}

	/**
	 * A filter as a query parameter value, spaces as {@code %20} as Okta and Entra send
	 * them.
	 */
	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** {@code "…"} with quotes and backslashes escaped, for a filter's string value. */
	public static String quoted(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
