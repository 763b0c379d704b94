package dev.ferry.signin;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Http;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.Problem;

/**
 * Asks an organisation's token endpoint whether it accepts Ferry's client credentials,
 * without a person: Ferry redeems a made-up authorization code, a grant every web client
 * has. {@code invalid_grant} means the provider authenticated the client and refused only
 * the code; {@code invalid_client} (or anything else) means the credentials are not
 * accepted. Used before Ferry switches to new credentials of an organisation that signs
 * in already (docs/oidc.md); a new organisation proves them at its first sign-in instead.
 */
@Component
class TokenEndpointCheck {

	private final FerryProperties properties;

	private final JsonMapper json;

	TokenEndpointCheck(FerryProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
	}

	/** Client authentication by the client secret, as the provider lists it. */
	static Credentials secret(String clientId, String secret, String method) {
		if ("client_secret_post".equals(method)) {
			return new Credentials(Map.of("client_id", clientId, "client_secret", secret), null);
		}
		// RFC 6749 §2.3.1: each part form-encoded before Basic
		String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return new Credentials(Map.of(),
				"Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * @return what the provider said against the credentials, or empty when it accepted
	 * them
	 */
	Optional<Problem> problemWith(String slug, String tokenEndpoint, Credentials credentials) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", "ferry-credentials-check-" + UUID.randomUUID());
		form.put("redirect_uri", properties.publicBase() + "/login/oauth2/code/" + slug);
		form.putAll(credentials.parameters());
		String body = form.entrySet()
			.stream()
			.map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokenEndpoint))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (credentials.authorization() != null) {
			request.header("Authorization", credentials.authorization());
		}
		try {
			HttpResponse<String> response = Http.send(request.build());
			JsonNode answer = readJson(response.body());
			String error = answer.path("error").asString("");
			if ("invalid_grant".equals(error)) {
				return Optional.empty();
			}
			String description = answer.path("error_description").asString("");
			return Optional.of(Problem.of("clientAuth.problem.refused", response.statusCode(), error.isEmpty()
					? Http.excerpt(response.body()) : error + (description.isEmpty() ? "" : ": " + description)));
		}
		catch (ConnectorException ex) {
			return Optional.of(Problem.of("clientAuth.problem.unreachable", tokenEndpoint, ex.getMessage()));
		}
	}

	private JsonNode readJson(String body) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			return json.createObjectNode();
		}
	}

	/**
	 * How the client proves itself: form parameters, and an Authorization header or null.
	 */
	record Credentials(Map<String, String> parameters, String authorization) {
	}

}
