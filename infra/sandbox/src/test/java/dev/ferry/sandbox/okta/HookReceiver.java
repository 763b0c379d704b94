package dev.ferry.sandbox.okta;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny hook endpoint for tests: records every request and answers with the next
 * scripted reply (then the default one).
 */
final class HookReceiver implements AutoCloseable {

	record Received(String method, Headers headers, String body) {
	}

	record Reply(int status, String body) {
	}

	private final HttpServer server;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();

	private volatile Function<Received, Reply> defaultReply = request -> new Reply(200, "");

	HookReceiver() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", this::handle);
		server.start();
	}

	String uri() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
	}

	void thenReply(int status, String body) {
		script.add(new Reply(status, body));
	}

	void byDefault(Function<Received, Reply> reply) {
		this.defaultReply = reply;
	}

	Received next() throws InterruptedException {
		Received request = received.poll(5, TimeUnit.SECONDS);
		if (request == null) {
			throw new AssertionError("No hook request within 5 s");
		}
		return request;
	}

	/**
	 * Everything that arrives, taken as it comes, until nothing more has come for
	 * {@code quietMillis} ms: the answer is complete once the sender has gone quiet, with
	 * no fixed wait before the first.
	 */
	List<Received> drain(long quietMillis) throws InterruptedException {
		List<Received> all = new java.util.ArrayList<>();
		for (Received next = received.poll(quietMillis, TimeUnit.MILLISECONDS); next != null; next = received
			.poll(quietMillis, TimeUnit.MILLISECONDS)) {
			all.add(next);
		}
		return all;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Received request = new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), body);
		received.add(request);
		Reply reply = script.poll();
		if (reply == null) {
			reply = defaultReply.apply(request);
		}
		byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
