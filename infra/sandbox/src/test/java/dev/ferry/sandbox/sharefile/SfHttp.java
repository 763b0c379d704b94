package dev.ferry.sandbox.sharefile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny HTTP client for the ShareFile stand-in's tests: real HTTP (so PATCH, DELETE with
 * a body and method override go over the wire), JSON parsed into maps, and helpers for
 * the control API.
 */
public final class SfHttp {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final String root;

	public SfHttp(int port) {
		this.root = "http://127.0.0.1:" + port;
	}

	public String root() {
		return root;
	}

	/**
	 * A fresh account (so test classes do not share state) with the seed's client and
	 * admin password.
	 */
	public String newAccount(int licences) {
		String sub = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Reply reply = send("POST", "/sandbox/api/sharefile", null,
				"{\"subdomain\":\"" + sub + "\",\"employeeLicences\":" + licences + "}");
		if (reply.status() != 201) {
			throw new IllegalStateException(reply.body());
		}
		return sub;
	}

	public Reply token(String sub, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return exchange(HttpRequest.newBuilder(URI.create(root + "/sharefile/" + sub + "/oauth/token?requirev3=true"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public String login(String sub, String username, String password) {
		Reply reply = token(sub, Map.of("grant_type", "password", "client_id", ShareFileSeed.CLIENT_ID, "client_secret",
				ShareFileSeed.CLIENT_SECRET, "username", username, "password", password));
		if (reply.status() != 200) {
			throw new IllegalStateException("login failed: " + reply.body());
		}
		return (String) reply.json().get("access_token");
	}

	public String admin(String sub) {
		return login(sub, "sf.admin@" + sub + ".example", ShareFileSeed.DEMO_PASSWORD);
	}

	public Reply get(String sub, String path, String token) {
		return send("GET", api(sub, path), token, null);
	}

	public Reply send(String method, String path, String token, String json) {
		return send(method, path, token, json, Map.of());
	}

	public Reply send(String method, String path, String token, String json, Map<String, String> headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : root + path));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		if (json != null) {
			builder.header("Content-Type", "application/json");
		}
		headers.forEach(builder::header);
		builder.method(method,
				json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		return exchange(builder);
	}

	/** A request with a body of any content type (forms, text). */
	public Reply sendRaw(String method, String path, String body, String contentType) {
		return exchange(HttpRequest.newBuilder(URI.create(root + path))
			.header("Content-Type", contentType)
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	public Reply sendRaw(String method, String path, String token, String body, String contentType) {
		return exchange(HttpRequest.newBuilder(URI.create(root + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", contentType)
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	public static String api(String sub, String path) {
		return "/sharefile/" + sub + "/sf/v3/" + path;
	}

	private Reply exchange(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Reply(int status, String body, Map<String, List<String>> headers) {

		@SuppressWarnings("unchecked")
		public Map<String, Object> json() {
			return body == null || body.isEmpty() ? Map.of() : JSON.readValue(body, LinkedHashMap.class);
		}

		@SuppressWarnings("unchecked")
		public List<Map<String, Object>> list() {
			return JSON.readValue(body, List.class);
		}

		@SuppressWarnings("unchecked")
		public List<Map<String, Object>> value() {
			return (List<Map<String, Object>>) json().get("value");
		}

		public String header(String name) {
			return headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.map(e -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		@SuppressWarnings("unchecked")
		public String message() {
			Object message = json().get("message");
			return message instanceof Map<?, ?> map ? (String) ((Map<String, Object>) map).get("value") : null;
		}

	}

}
