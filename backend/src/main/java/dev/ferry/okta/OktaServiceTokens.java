package dev.ferry.okta;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.ClientAssertions;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.connector.Http;

/**
 * A service app's access tokens for {@link OktaClient} (docs/reference/okta.md §3.2):
 * client_credentials with a private_key_jwt assertion Ferry signs, each token reused
 * until two minutes before it expires.
 */
final class OktaServiceTokens {

	private final OktaApiSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	private final Function<HttpRequest, HttpResponse<String>> send;

	private final String orgUrl;

	private String accessToken;

	private Instant accessTokenExpires = Instant.EPOCH;

	OktaServiceTokens(OktaApiSettings settings, JsonMapper json, Clock clock,
			Function<HttpRequest, HttpResponse<String>> send, String orgUrl) {
		this.settings = settings;
		this.json = json;
		this.clock = clock;
		this.send = send;
		this.orgUrl = orgUrl;
	}

	/** After a 401: the next call gets a new token. */
	synchronized void forget() {
		accessTokenExpires = Instant.EPOCH;
	}

	/**
	 * client_credentials with a private_key_jwt assertion (docs/reference/okta.md §3.2),
	 * reused until near expiry.
	 */
	synchronized String token() {
		if (accessToken != null && clock.instant().isBefore(accessTokenExpires)) {
			return accessToken;
		}
		String tokenUrl = orgUrl + "/oauth2/v1/token";
		String form = "grant_type=client_credentials&scope="
				+ URLEncoder.encode(OktaClient.SCOPES, StandardCharsets.UTF_8) + "&client_assertion_type="
				+ URLEncoder.encode(ClientAssertions.TYPE, StandardCharsets.UTF_8) + "&client_assertion="
				+ assertion(tokenUrl);
		HttpResponse<String> response = send.apply(HttpRequest.newBuilder(URI.create(tokenUrl))
			.timeout(Http.REQUEST_TIMEOUT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
		JsonNode body;
		try {
			body = json.readTree(response.body() == null ? "" : response.body());
		}
		catch (JacksonException ex) {
			body = json.createObjectNode();
		}
		if (response.statusCode() != 200) {
			String error = body.path("error").asString("");
			String description = body.path("error_description").asString("");
			String hint = switch (error) {
				case "invalid_client" -> " Check the client id, and that the public key shown in Ferry is registered "
						+ "on the service app.";
				case "invalid_scope" -> " Grant the app the Okta API scopes Ferry needs: " + OktaClient.SCOPES + ".";
				default -> "";
			};
			throw new ConnectorException(Kind.INVALID_CREDENTIAL,
					"Okta refused the service app's token request: " + error + " " + description + "." + hint,
					response.statusCode(), Http.excerpt(response.body()), null);
		}
		accessToken = body.path("access_token").asString();
		accessTokenExpires = clock.instant().plusSeconds(Math.max(60, body.path("expires_in").asLong(3600) - 120));
		return accessToken;
	}

	private String assertion(String audience) {
		try {
			return ClientAssertions.sign(RSAKey.parse(settings.privateJwk()), settings.clientId(), audience,
					clock.instant(), Duration.ofMinutes(5));
		}
		catch (ParseException | JOSEException ex) {
			throw ConnectorException.of(Kind.INVALID_CREDENTIAL,
					"The stored service-app key cannot sign: generate a " + "new key pair.");
		}
	}

}
