package dev.ferry.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Where the alerts of every test context in this JVM arrive: a real SMTP server
 * (GreenMail) and a real HTTP server taking webhook calls (the JDK's), both started once
 * per JVM on free ports. Every context is pointed at them
 * ({@link TestServicesInitializer}): one alert sender delivers for all contexts sharing
 * the database, so they must agree on where mail goes. Tests keep apart by recipient
 * address and webhook path.
 */
public final class TestInbox {

	private static volatile TestInbox instance;

	private final GreenMail smtp;

	private final HttpServer http;

	private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();

	/** A webhook call as it arrived. */
	public record Call(String contentType, String body) {

	}

	private TestInbox() throws IOException {
		this.smtp = new GreenMail(new ServerSetup(Sandbox.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.smtp.start();
		this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.http.createContext("/", exchange -> {
			try (InputStream in = exchange.getRequestBody()) {
				String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				String path = exchange.getRequestURI().getPath();
				calls.computeIfAbsent(path, key -> new CopyOnWriteArrayList<>())
					.add(new Call(exchange.getRequestHeaders().getFirst("Content-Type"), body));
				int status = path.contains("/failing/") ? 500 : 200;
				byte[] answer = (status == 200 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status, answer.length);
				exchange.getResponseBody().write(answer);
			}
			finally {
				exchange.close();
			}
		});
		this.http.start();
	}

	public static TestInbox get() {
		if (instance == null) {
			synchronized (TestInbox.class) {
				if (instance == null) {
					try {
						instance = new TestInbox();
					}
					catch (IOException ex) {
						throw new IllegalStateException("Could not start the test inbox", ex);
					}
				}
			}
		}
		return instance;
	}

	public int smtpPort() {
		return smtp.getSmtp().getPort();
	}

	public int webhookPort() {
		return http.getAddress().getPort();
	}

	/** A webhook address of this inbox; a path with {@code /failing/} answers 500. */
	public String webhookUrl(String path) {
		return "http://127.0.0.1:" + webhookPort() + path;
	}

	public List<Call> calls(String path) {
		return List.copyOf(calls.getOrDefault(path, List.of()));
	}

	/** The messages sent to this address so far, oldest first. */
	public List<MimeMessage> mailTo(String address) {
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : smtp.getReceivedMessages()) {
			try {
				Address[] to = message.getRecipients(Message.RecipientType.TO);
				if (to != null && List.of(to).stream().anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
					found.add(message);
				}
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return found;
	}

	/** A message's text body. */
	public static String text(MimeMessage message) {
		try {
			Object content = message.getContent();
			return content instanceof String text ? text : String.valueOf(content);
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
