package dev.ferry.auditfeed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real receivers in the test JVM, as a SIEM would run them: an HTTPS webhook (the JDK's
 * {@link HttpsServer}) that checks each call's HMAC signature, and a syslog receiver over
 * TLS ({@link SSLServerSocket}) that parses RFC 5425 frames of RFC 5424 messages. Both
 * present a self-signed certificate for 127.0.0.1 made by the JDK's keytool for this run;
 * Ferry trusts it only through {@code ferry.audit-stream.trust-store}.
 */
final class TestReceivers {

	static final String PASSWORD = "changeit";

	private static TestReceivers instance;

	final Path trustStore;

	final Webhook webhook;

	final Syslog syslog;

	private TestReceivers(Path trustStore, SSLContext tls) throws IOException {
		this.trustStore = trustStore;
		this.webhook = new Webhook(tls);
		this.syslog = new Syslog(tls);
	}

	static synchronized TestReceivers get() {
		if (instance == null) {
			try {
				Path dir = Files.createTempDirectory("ferry-receivers");
				Path server = dir.resolve("server.p12");
				String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
				Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "receiver", "-keyalg", "EC",
						"-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity",
						"2", "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD)
					.redirectErrorStream(true)
					.start();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException("keytool failed: " + output);
				}
				KeyStore keys = KeyStore.getInstance("PKCS12");
				try (InputStream in = Files.newInputStream(server)) {
					keys.load(in, PASSWORD.toCharArray());
				}
				// Ferry's trust store holds the certificate only, never the key
				KeyStore trust = KeyStore.getInstance("PKCS12");
				trust.load(null, null);
				trust.setCertificateEntry("receiver", keys.getCertificate("receiver"));
				Path trustStore = dir.resolve("trust.p12");
				try (OutputStream out = Files.newOutputStream(trustStore)) {
					trust.store(out, PASSWORD.toCharArray());
				}
				KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				managers.init(keys, PASSWORD.toCharArray());
				SSLContext tls = SSLContext.getInstance("TLS");
				tls.init(managers.getKeyManagers(), null, null);
				instance = new TestReceivers(trustStore, tls);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not start the test receivers", ex);
			}
		}
		return instance;
	}

	/**
	 * One call the webhook received.
	 *
	 * @param status what it answered (0: held until the test let go)
	 */
	record Call(String tenant, String delivery, List<Long> seqs, int status, boolean signed, List<JsonNode> events) {

	}

	static final class Webhook {

		private final HttpsServer server;

		private final JsonMapper json = JsonMapper.builder().build();

		private final Map<String, String> secrets = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> failing = new ConcurrentHashMap<>();

		private final Map<String, Integer> holdAt = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

		final CountDownLatch held = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

		Webhook(SSLContext tls) throws IOException {
			server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setHttpsConfigurator(new HttpsConfigurator(tls));
			server.setExecutor(Executors.newCachedThreadPool());
			server.createContext("/siem", this::handle);
			server.start();
		}

		int port() {
			return server.getAddress().getPort();
		}

		/** The secret Ferry showed once for a tenant's destination. */
		void secret(UUID tenant, String secret) {
			secrets.put(tenant.toString(), secret);
		}

		/** Answers the tenant's next {@code times} calls with HTTP 500. */
		void fail(UUID tenant, int times) {
			failing.put(tenant.toString(), new AtomicInteger(times));
		}

		/** Reads the tenant's call number {@code n} (1-based) and holds it unanswered. */
		void holdCall(UUID tenant, int n) {
			holdAt.put(tenant.toString(), n);
		}

		List<Call> calls(UUID tenant) {
			synchronized (calls) {
				return calls.stream().filter(c -> tenant.toString().equals(c.tenant())).toList();
			}
		}

		private void handle(HttpExchange exchange) throws IOException {
			byte[] body = exchange.getRequestBody().readAllBytes();
			JsonNode document = json.readTree(body);
			String tenant = document.get("tenant").asString();
			String timestamp = exchange.getRequestHeaders().getFirst("Ferry-Timestamp");
			String signature = exchange.getRequestHeaders().getFirst("Ferry-Signature");
			boolean signed = secrets.containsKey(tenant) && timestamp != null && signature != null
					&& MessageDigest.isEqual(("sha256=" + hmac(secrets.get(tenant), timestamp, body)).getBytes(),
							signature.getBytes())
					&& Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300;
			List<JsonNode> events = new ArrayList<>();
			document.get("events").forEach(events::add);
			List<Long> seqs = events.stream().map(e -> e.get("seq").asLong()).toList();
			String delivery = exchange.getRequestHeaders().getFirst("Ferry-Delivery");
			int call = seen.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
			int status;
			if (!signed) {
				status = 401;
			}
			else if (holdAt.getOrDefault(tenant, -1) == call) {
				calls.add(new Call(tenant, delivery, seqs, 0, true, events));
				held.countDown();
				try {
					release.await(5, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				exchange.close();
				return;
			}
			else if (failing.containsKey(tenant) && failing.get(tenant).getAndDecrement() > 0) {
				status = 500;
			}
			else {
				status = 200;
			}
			calls.add(new Call(tenant, delivery, seqs, status, signed, events));
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		}

		static String hmac(String secret, String timestamp, byte[] body) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
				mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
				return HexFormat.of().formatHex(mac.doFinal(body));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** One RFC 5424 message the syslog receiver parsed. */
	record Message(int priority, String timestamp, String appName, String msgId, Map<String, String> data,
			String text) {

	}

	static final class Syslog {

		private static final Pattern HEADER = Pattern.compile(
				"<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) \\[(\\S+)((?: [^=\\s]+=\"(?:[^\"\\\\]|\\\\.)*\")*)\\] (.*)",
				Pattern.DOTALL);

		private static final Pattern PARAM = Pattern.compile(" ([^=\\s]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

		private final SSLServerSocket server;

		final List<Message> messages = Collections.synchronizedList(new ArrayList<>());

		final List<String> problems = Collections.synchronizedList(new ArrayList<>());

		Syslog(SSLContext tls) throws IOException {
			server = (SSLServerSocket) tls.getServerSocketFactory()
				.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "syslog-receiver");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return server.getLocalPort();
		}

		List<Message> messages(UUID tenant) {
			synchronized (messages) {
				return messages.stream().filter(m -> tenant.toString().equals(m.data().get("tenant"))).toList();
			}
		}

		private void accept() {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					Thread.ofVirtual().start(() -> read(socket));
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		/** Octet-counted frames until the sender closes its side; then closes too. */
		private void read(Socket socket) {
			try (socket; InputStream in = socket.getInputStream()) {
				while (true) {
					StringBuilder length = new StringBuilder();
					int c;
					while ((c = in.read()) != ' ') {
						if (c == -1) {
							return;
						}
						if (c < '0' || c > '9' || length.length() > 9) {
							problems.add("bad frame length byte " + c);
							return;
						}
						length.append((char) c);
					}
					byte[] frame = in.readNBytes(Integer.parseInt(length.toString()));
					parse(frame);
				}
			}
			catch (IOException ex) {
				problems.add(ex.toString());
			}
		}

		private void parse(byte[] frame) {
			String message = new String(frame, StandardCharsets.UTF_8);
			Matcher header = HEADER.matcher(message);
			if (!header.matches()) {
				problems.add("not RFC 5424: " + message);
				return;
			}
			Map<String, String> data = new LinkedHashMap<>();
			data.put("@id", header.group(7));
			Matcher param = PARAM.matcher(header.group(8));
			while (param.find()) {
				data.put(param.group(1),
						param.group(2).replace("\\\"", "\"").replace("\\]", "]").replace("\\\\", "\\"));
			}
			String text = header.group(9);
			if (!text.startsWith("\uFEFF")) {
				problems.add("no BOM before the message");
			}
			messages.add(new Message(Integer.parseInt(header.group(1)), header.group(2), header.group(4),
					header.group(6), data, text.replaceFirst("^\uFEFF", "")));
		}

	}

}
