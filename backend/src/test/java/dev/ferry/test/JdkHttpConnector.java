package dev.ferry.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
import org.glassfish.jersey.client.spi.Connector;
import org.glassfish.jersey.client.spi.ConnectorProvider;

/**
 * A Jersey connector over the JDK's HttpClient, for tests that drive Ferry with a JAX-RS
 * client library: Jersey's default connector (HttpURLConnection) cannot send PATCH, and
 * its Apache connector would put Apache HttpClient on the test classpath, where Spring's
 * RestClient would pick it up and behave unlike production (following redirects).
 */
public final class JdkHttpConnector implements Connector {

	/** Headers the JDK client sets itself and refuses from callers. */
	private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

	private final HttpClient http = HttpClient.newHttpClient();

	/**
	 * Use with {@code new ClientConfig().connectorProvider(JdkHttpConnector.PROVIDER)}.
	 */
	public static final ConnectorProvider PROVIDER = (client, configuration) -> new JdkHttpConnector();

	@Override
	public ClientResponse apply(ClientRequest request) {
		try {
			byte[] body = new byte[0];
			if (request.hasEntity()) {
				ByteArrayOutputStream entity = new ByteArrayOutputStream();
				request.setStreamProvider(length -> entity);
				request.writeEntity();
				body = entity.toByteArray();
			}
			HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri())
				.method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(body));
			for (Map.Entry<String, List<String>> header : request.getStringHeaders().entrySet()) {
				if (!RESTRICTED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
					header.getValue().forEach(value -> builder.header(header.getKey(), value));
				}
			}
			HttpResponse<byte[]> answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			ClientResponse response = new ClientResponse(Response.Status.fromStatusCode(answer.statusCode()) != null
					? Response.Status.fromStatusCode(answer.statusCode()) : new Response.StatusType() {

						@Override
						public int getStatusCode() {
							return answer.statusCode();
						}

						@Override
						public Response.Status.Family getFamily() {
							return Response.Status.Family.familyOf(answer.statusCode());
						}

						@Override
						public String getReasonPhrase() {
							return "";
						}

					}, request);
			answer.headers().map().forEach((name, values) -> response.headers(name, values));
			response.setEntityStream(new ByteArrayInputStream(answer.body()));
			return response;
		}
		catch (IOException ex) {
			throw new ProcessingException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProcessingException(ex);
		}
	}

	@Override
	public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
		try {
			ClientResponse response = apply(request);
			callback.response(response);
			return CompletableFuture.completedFuture(response);
		}
		catch (ProcessingException ex) {
			callback.failure(ex);
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public String getName() {
		return "JDK HttpClient";
	}

	@Override
	public void close() {
		http.close();
	}

}
