package dev.ferry.auditfeed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.ferry.system.FerryProperties;

/**
 * Sends a batch to a syslog receiver over TLS (RFC 5425): one RFC 5424 message per event,
 * octet-counted ({@code <length> <message>}), on one connection per batch. Syslog has no
 * acknowledgement, so the batch counts as accepted only when, after Ferry has closed its
 * side (TLS close_notify), the receiver closes its own: it has read everything Ferry
 * wrote. A receiver that does not is sent the batch again (receivers de-duplicate by the
 * {@code seq} parameter).
 *
 * <p>
 * Each message: facility 13 (log audit), severity informational (6) for a success and
 * warning (4) otherwise; the event's time; APP-NAME {@code ferry}; MSGID the action; the
 * structured data element {@code ferry@32473} (32473 is the enterprise number RFC 5612
 * reserves for documentation: Ferry has none of its own) with the organisation, tenant,
 * chain sequence, hashes, outcome and delivery id; the message the event as JSON, after a
 * UTF-8 byte order mark.
 */
@Component
class SyslogSender {

	static final String SD_ID = "ferry@32473";

	private final StreamTls tls;

	private final JsonMapper json;

	private final StreamProperties properties;

	private final String hostname;

	SyslogSender(StreamTls tls, JsonMapper json, StreamProperties properties, FerryProperties ferry) {
		this.tls = tls;
		this.json = json;
		this.properties = properties;
		String host = URI.create(ferry.publicBase()).getHost();
		this.hostname = host == null ? "ferry" : host;
	}

	void send(String address, Batch batch) throws DeliveryFailure {
		HostPort target = HostPort.parse(address);
		int timeout = (int) properties.timeout().toMillis();
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress(target.host(), target.port()), timeout);
			plain.setSoTimeout(timeout);
			try (SSLSocket socket = (SSLSocket) tls.context()
				.getSocketFactory()
				.createSocket(plain, target.host(), target.port(), true)) {
				SSLParameters parameters = socket.getSSLParameters();
				// the certificate must name the host, as for HTTPS
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				socket.setSSLParameters(parameters);
				socket.startHandshake();
				OutputStream out = socket.getOutputStream();
				ByteArrayOutputStream frames = new ByteArrayOutputStream();
				if (batch.test()) {
					frame(frames, testMessage(batch));
				}
				for (FeedEvent event : batch.events()) {
					frame(frames, message(event, batch));
				}
				out.write(frames.toByteArray());
				out.flush();
				socket.shutdownOutput();
				InputStream in = socket.getInputStream();
				while (in.read() != -1) {
					// a receiver says nothing in RFC 5425; whatever it sends is ignored
				}
			}
		}
		catch (SocketTimeoutException ex) {
			throw new DeliveryFailure("auditfeed.error.timeout", address, properties.timeout().toSeconds());
		}
		catch (ConnectException ex) {
			throw new DeliveryFailure("auditfeed.error.connect", address, String.valueOf(ex.getMessage()));
		}
		catch (SSLException ex) {
			throw new DeliveryFailure("auditfeed.error.tls", address, String.valueOf(ex.getMessage()));
		}
		catch (IOException ex) {
			throw new DeliveryFailure("auditfeed.error.other", address, ex.toString());
		}
	}

	/** RFC 5425 octet counting: the message's length in bytes, a space, the message. */
	private static void frame(ByteArrayOutputStream frames, byte[] message) {
		frames.writeBytes((message.length + " ").getBytes(StandardCharsets.US_ASCII));
		frames.writeBytes(message);
	}

	/** One event as an RFC 5424 message. */
	byte[] message(FeedEvent event, Batch batch) {
		int severity = "SUCCESS".equals(event.outcome()) ? 6 : 4;
		String header = "<" + (13 * 8 + severity) + ">1 " + event.occurredAt() + " " + hostname + " ferry - "
				+ msgId(event.action()) + " ";
		String data = "[" + SD_ID + param("org", batch.organisation()) + param("tenant", event.tenant())
				+ param("seq", event.seq()) + param("hash", event.hash())
				+ param("prevHash", event.prevHash() == null ? "" : event.prevHash())
				+ param("hashVersion", event.hashVersion()) + param("outcome", event.outcome())
				+ param("delivery", batch.delivery()) + "]";
		return message(header + data, json.writeValueAsString(event));
	}

	private byte[] testMessage(Batch batch) {
		String header = "<110>1 " + java.time.Instant.now() + " " + hostname + " ferry - ferry.test ";
		String data = "[" + SD_ID + param("org", batch.organisation()) + param("tenant", batch.tenant())
				+ param("test", "true") + param("delivery", batch.delivery()) + "]";
		return message(header + data, "{\"test\":true}");
	}

	private static byte[] message(String headerAndData, String text) {
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		message.writeBytes(headerAndData.getBytes(StandardCharsets.UTF_8));
		message.write(' ');
		// RFC 5424 §6.4: a UTF-8 message starts with the byte order mark
		message.writeBytes(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
		message.writeBytes(text.getBytes(StandardCharsets.UTF_8));
		return message.toByteArray();
	}

	/** RFC 5424 MSGID: 1 to 32 printable US-ASCII characters. */
	private static String msgId(String action) {
		String id = action.replaceAll("[^\\x21-\\x7e]", "_");
		return id.isEmpty() ? "-" : id.substring(0, Math.min(32, id.length()));
	}

	/** One SD-PARAM, its value escaped as RFC 5424 §6.3.3 says ({@code " \ ]}). */
	private static String param(String name, Object value) {
		String text = String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
		return " " + name + "=\"" + text + "\"";
	}

	/** A syslog destination's address, {@code host:port}. */
	record HostPort(String host, int port) {

		static HostPort parse(String address) {
			URI uri = URI.create("tls://" + address.strip());
			if (uri.getHost() == null || uri.getPort() < 1 || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
					|| uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
				throw new IllegalArgumentException("not host:port");
			}
			return new HostPort(uri.getHost(), uri.getPort());
		}

	}

}
