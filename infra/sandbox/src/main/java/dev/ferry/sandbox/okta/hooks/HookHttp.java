package dev.ferry.sandbox.okta.hooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Okta's outbound hook calls (docs/reference/okta.md §4.4, §5): a 3-second timeout, at
 * most one retry and only after a timeout, a connection failure or a 5xx; never after a
 * 2xx or 4xx; redirects not followed.
 */
@Component
public class HookHttp {

	static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	/**
	 * @param status the last HTTP status, or 0 when no answer came (timeout, connection
	 * failure)
	 * @param attempts 1 or 2
	 */
	public record Result(int status, String body, int attempts, String failure) {

		public boolean ok() {
			return status >= 200 && status < 300;
		}

	}

	public Result get(String uri, Map<String, String> headers) {
		return send(uri, "GET", null, headers);
	}

	public Result post(String uri, String json, Map<String, String> headers) {
		return send(uri, "POST", json, headers);
	}

	private Result send(String uri, String method, String json, Map<String, String> headers) {
		Result result = null;
		for (int attempt = 1; attempt <= 2; attempt++) {
			result = once(uri, method, json, headers, attempt);
			boolean retryable = result.status() == 0 || result.status() >= 500;
			if (!retryable) {
				return result;
			}
		}
		return result;
	}

	private Result once(String uri, String method, String json, Map<String, String> headers, int attempt) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
				.timeout(TIMEOUT)
				.header("Accept", "application/json")
				.header("User-Agent", "Okta Sandbox Hooks");
			if (json != null) {
				request.header("Content-Type", "application/json");
				request.method(method, HttpRequest.BodyPublishers.ofString(json));
			}
			else {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			headers.forEach(request::header);
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Result(response.statusCode(), response.body(), attempt, null);
		}
		catch (HttpTimeoutException ex) {
			return new Result(0, null, attempt, "timed out after " + TIMEOUT.toSeconds() + " s");
		}
		catch (IOException | IllegalArgumentException ex) {
			return new Result(0, null, attempt, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(0, null, attempt, "interrupted");
		}
	}

	/**
	 * Custom headers from a hook's channel config ({@code [{key, value}]}) plus its auth
	 * header.
	 */
	static Map<String, String> headers(List<Map<String, String>> custom, Map<String, String> authScheme) {
		Map<String, String> headers = new java.util.LinkedHashMap<>();
		if (custom != null) {
			custom.forEach(header -> headers.put(header.get("key"), header.get("value")));
		}
		if (authScheme != null && authScheme.get("key") != null && authScheme.get("value") != null) {
			headers.put(authScheme.get("key"), authScheme.get("value"));
		}
		return headers;
	}

}
