package dev.ferry.drills;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands between Okta and Ferry's event hook endpoint as a misbehaving network would:
 * Okta's verification call is passed through as it is, and every delivery is answered 200
 * at once, kept, and then sent on to Ferry <b>three times</b>, shuffled with the other
 * deliveries of the same second — the same body and the same {@code Authorization} header
 * Okta sent, so Ferry authenticates each copy exactly as a real delivery. A copy Ferry
 * answers with 5xx is sent once more, as Okta would.
 */
final class HookRelay implements AutoCloseable {

	static final int COPIES = 3;

	private final HttpServer server;

	private final String ferryBaseUrl;

	private final HttpClient http = HttpClient.newHttpClient();

	private final java.util.concurrent.ExecutorService handlers = Executors.newFixedThreadPool(4);

	private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();

	private final Random random = new Random(14);

	private final List<Delivery> waiting = new ArrayList<>();

	private final AtomicInteger received = new AtomicInteger();

	private final AtomicInteger sent = new AtomicInteger();

	private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

	record Delivery(String path, String authorization, String body) {
	}

	HookRelay(String ferryBaseUrl) throws IOException {
		this.ferryBaseUrl = ferryBaseUrl;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", this::handle);
		server.setExecutor(handlers);
		server.start();
		sender.scheduleWithFixedDelay(this::sendWaiting, 1, 1, TimeUnit.SECONDS);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** Deliveries Okta made to the relay. */
	int received() {
		return received.get();
	}

	/** Copies Ferry answered 2xx. */
	int sent() {
		return sent.get();
	}

	/** Copies Ferry refused even when sent again. */
	List<String> refused() {
		return List.copyOf(refused);
	}

	/** True when nothing received is still waiting to be sent on. */
	boolean drained() {
		synchronized (waiting) {
			return waiting.isEmpty();
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if ("GET".equals(exchange.getRequestMethod())) {
				// Okta's one-time verification: passed through untouched
				HttpRequest.Builder verify = HttpRequest.newBuilder(URI.create(ferryBaseUrl + path))
					.timeout(Duration.ofSeconds(3));
				exchange.getRequestHeaders().forEach((name, values) -> {
					if (name.equalsIgnoreCase("Authorization") || name.toLowerCase().startsWith("x-okta")) {
						values.forEach(value -> verify.header(name, value));
					}
				});
				HttpResponse<byte[]> answer = http.send(verify.build(), HttpResponse.BodyHandlers.ofByteArray());
				respond(exchange, answer.statusCode(), answer.body());
				return;
			}
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			synchronized (waiting) {
				waiting.add(new Delivery(path, authorization, body));
			}
			received.incrementAndGet();
			respond(exchange, 200, new byte[0]);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void sendWaiting() {
		List<Delivery> copies = new ArrayList<>();
		synchronized (waiting) {
			for (Delivery delivery : waiting) {
				for (int i = 0; i < COPIES; i++) {
					copies.add(delivery);
				}
			}
		}
		Collections.shuffle(copies, random);
		for (Delivery copy : copies) {
			if (!send(copy) && !send(copy)) {
				refused.add(copy.body().length() > 200 ? copy.body().substring(0, 200) : copy.body());
			}
		}
		synchronized (waiting) {
			// only what was sent: deliveries that arrived meanwhile wait for the next
			// round
			for (Delivery copy : copies.stream().distinct().toList()) {
				waiting.remove(copy);
			}
		}
	}

	private boolean send(Delivery delivery) {
		try {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(ferryBaseUrl + delivery.path()))
				.header("Authorization", delivery.authorization())
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(5))
				.POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() / 100 == 2) {
				sent.incrementAndGet();
				return true;
			}
			return false;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		sender.shutdownNow();
		server.stop(0);
		handlers.shutdownNow();
	}

}
