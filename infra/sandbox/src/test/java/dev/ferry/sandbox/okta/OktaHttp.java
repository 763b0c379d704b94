package dev.ferry.sandbox.okta;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Raw HTTP to the sandbox for contract tests: status, every header line, JSON body. */
public final class OktaHttp {

	public static final String ACME_TOKEN = "SSWS sandbox-token-acme";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"([a-z]+)\"");

	private final HttpClient client = HttpClient.newHttpClient();

	private final String base;

	public OktaHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public String base() {
		return base;
	}

	public Response get(String path, String authorization) {
		return send("GET", path, authorization, null);
	}

	public Response post(String path, String authorization, String json) {
		return send("POST", path, authorization, json);
	}

	public Response put(String path, String authorization, String json) {
		return send("PUT", path, authorization, json);
	}

	public Response delete(String path, String authorization) {
		return send("DELETE", path, authorization, null);
	}

	public Response send(String method, String path, String authorization, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
			.header("Accept", "application/json");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		try {
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	public static JsonNode parse(String json) {
		return JSON.readTree(json);
	}

	public record Response(int status, HttpResponse<String> raw, String body) {

		public JsonNode json() {
			return JSON.readTree(body);
		}

		public String header(String name) {
			return raw.headers().firstValue(name).orElse(null);
		}

		public List<String> links() {
			return raw.headers().allValues("Link");
		}

		public String link(String rel) {
			for (String line : links()) {
				Matcher matcher = LINK.matcher(line);
				while (matcher.find()) {
					if (matcher.group(2).equals(rel)) {
						return matcher.group(1);
					}
				}
			}
			return null;
		}

		public String errorCode() {
			return json().path("errorCode").asString();
		}

	}

}
