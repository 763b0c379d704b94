package dev.ferry.connector;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one HTTP client connectors share: explicit timeouts, no redirects followed
 * silently, and every transport failure turned into a {@link ConnectorException} that
 * names the host and the reason.
 */
public final class Http {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private Http() {
	}

	public static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ConnectorException.of(ConnectorException.Kind.CONNECTION_FAILED, "Interrupted");
		}
		catch (IOException ex) {
			throw ConnectorException.of(ConnectorException.Kind.CONNECTION_FAILED,
					"Ferry could not reach " + host(request.uri()) + ": " + reason(ex) + ".");
		}
	}

	public static String host(URI uri) {
		return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
	}

	/** The first 4 KiB of a body, for error records. */
	public static String excerpt(String body) {
		return body == null ? null : body.length() <= 4096 ? body : body.substring(0, 4096);
	}

	/** {@code Retry-After} as seconds, if the target sent it. */
	public static Duration retryAfter(HttpResponse<?> response) {
		return response.headers()
			.firstValue("Retry-After")
			.filter(value -> value.matches("\\d{1,6}"))
			.map(value -> Duration.ofSeconds(Long.parseLong(value)))
			.orElse(null);
	}

	private static String reason(IOException ex) {
		if (ex instanceof UnknownHostException) {
			return "the host name does not resolve";
		}
		if (ex instanceof HttpConnectTimeoutException) {
			return "the connection timed out";
		}
		if (ex instanceof HttpTimeoutException) {
			return "it did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
		}
		if (ex instanceof ConnectException) {
			return "the connection was refused";
		}
		return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
	}

}
