package dev.ferry.okta;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Http;

/**
 * Checks, before an organisation is created, that its Okta issuer answers discovery with
 * exactly that issuer, and that Okta accepts the portal client's id and secret. The
 * secret is checked with a client_credentials request: a web app is not allowed that
 * grant, but Okta says {@code invalid_client} only when the id or secret is wrong, so any
 * other answer proves them.
 */
@Component
public class OidcClientCheck {

	private final JsonMapper json;

	OidcClientCheck(JsonMapper json) {
		this.json = json;
	}

	/**
	 * @return empty when the issuer and client are good, otherwise what is wrong, in
	 * words for the form
	 */
	public Optional<String> problemWith(String issuer, String clientId, String clientSecret) {
		String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		JsonNode discovery;
		try {
			HttpResponse<String> response = Http
				.send(HttpRequest.newBuilder(URI.create(trimmed + "/.well-known/openid-configuration"))
					.timeout(Http.REQUEST_TIMEOUT)
					.GET()
					.build());
			if (response.statusCode() != 200) {
				return Optional.of(trimmed + " did not answer OIDC discovery (HTTP " + response.statusCode()
						+ "). Use your Okta org's address, e.g. https://acme.okta.com.");
			}
			discovery = json.readTree(response.body());
		}
		catch (ConnectorException ex) {
			return Optional.of(ex.getMessage());
		}
		catch (JacksonException ex) {
			return Optional.of(trimmed + " answered discovery with something that is not JSON.");
		}
		if (!trimmed.equals(discovery.path("issuer").asString(""))) {
			return Optional.of("Okta's discovery names the issuer " + discovery.path("issuer").asString("(none)")
					+ ", not " + trimmed + ". Use exactly the issuer Okta names.");
		}
		String tokenEndpoint = discovery.path("token_endpoint").asString("");
		if (!tokenEndpoint.startsWith(trimmed)) {
			return Optional.of("Okta's discovery has no token endpoint under " + trimmed + ".");
		}
		String basic = Base64.getEncoder()
			.encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
		try {
			HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
				.timeout(Http.REQUEST_TIMEOUT)
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=openid"))
				.build());
			String error = "";
			try {
				error = json.readTree(response.body() == null ? "" : response.body()).path("error").asString("");
			}
			catch (JacksonException ex) {
				// no error object: judged by status below
			}
			if ("invalid_client".equals(error) || response.statusCode() == 401) {
				return Optional.of("Okta rejected the client id or secret (invalid_client). Copy them again from "
						+ "the Ferry app in Okta (Applications → Ferry → General).");
			}
			return Optional.empty();
		}
		catch (ConnectorException ex) {
			return Optional.of(ex.getMessage());
		}
	}

}
