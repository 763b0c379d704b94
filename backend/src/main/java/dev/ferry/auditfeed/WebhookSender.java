package dev.ferry.auditfeed;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Sends a batch to an HTTPS webhook as one JSON document, signed so the receiver knows it
 * is Ferry's and recent: {@code Ferry-Timestamp} (Unix seconds) and
 * {@code Ferry-Signature: sha256=<hex HMAC-SHA256 over "<timestamp>.<body>">} with the
 * destination's secret. Accepted means any 2xx answer; redirects are not followed (the
 * address was checked, where a redirect would lead was not).
 */
@Component
class WebhookSender {

	static final String TIMESTAMP = "Ferry-Timestamp";

	static final String SIGNATURE = "Ferry-Signature";

	static final String DELIVERY = "Ferry-Delivery";

	private final HttpClient http;

	private final JsonMapper json;

	private final StreamProperties properties;

	private final Clock clock;

	WebhookSender(StreamTls tls, JsonMapper json, StreamProperties properties, Clock clock) {
		this.json = json;
		this.properties = properties;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.sslContext(tls.context())
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	void send(String address, String secret, Batch batch) throws DeliveryFailure {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("delivery", batch.delivery());
		document.put("organisation", batch.organisation());
		document.put("tenant", batch.tenant());
		document.put("test", batch.test());
		document.put("events", batch.events());
		byte[] body = json.writeValueAsBytes(document);
		String timestamp = Long.toString(clock.instant().getEpochSecond());
		HttpRequest request = HttpRequest.newBuilder(URI.create(address))
			.timeout(properties.timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Ferry audit stream")
			.header(DELIVERY, batch.delivery())
			.header(TIMESTAMP, timestamp)
			.header(SIGNATURE, "sha256=" + sign(secret, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		String host = URI.create(address).getAuthority();
		HttpResponse<Void> response;
		try {
			response = http.send(request, HttpResponse.BodyHandlers.discarding());
		}
		catch (HttpTimeoutException ex) {
			throw new DeliveryFailure("auditfeed.error.timeout", host, properties.timeout().toSeconds());
		}
		catch (ConnectException ex) {
			throw new DeliveryFailure("auditfeed.error.connect", host, String.valueOf(ex.getMessage()));
		}
		catch (SSLException ex) {
			throw new DeliveryFailure("auditfeed.error.tls", host, String.valueOf(ex.getMessage()));
		}
		catch (IOException ex) {
			throw new DeliveryFailure("auditfeed.error.other", host, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeliveryFailure("auditfeed.error.other", host, "interrupted");
		}
		if (response.statusCode() / 100 != 2) {
			throw new DeliveryFailure("auditfeed.error.status", host, response.statusCode());
		}
	}

	/** Hex HMAC-SHA256 of {@code timestamp + "." + body} under the secret. */
	static String sign(String secret, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every JVM has HmacSHA256", ex);
		}
	}

}
