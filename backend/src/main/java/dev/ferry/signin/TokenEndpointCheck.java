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

	/**
	 * Whether the provider accepts a client id and secret, sent as it lists (checked
	 * against a secret it must refuse).
	 */
	Optional<Problem> secretProblem(String slug, ProviderMetadata provider, String clientId, String secret) {
		Optional<String> method = provider.secretAuthMethod();
		if (method.isEmpty()) {
			return Optional
				.of(Problem.of("oidc.problem.noSecretAuth", String.join(", ", provider.authMethodsSupported())));
		}
		return problemWith(slug, provider.tokenEndpoint(), secret(clientId, secret, method.get()),
				secret(clientId, "ferry-check-" + UUID.randomUUID(), method.get()), "clientAuth.problem.secretRefused");
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
	 * Asks twice: first with credentials that must be refused (a wrong secret, a key the
	 * provider cannot know), then with the real ones. A provider that judges the code
	 * before the client answers {@code invalid_grant} to both, and then Ferry cannot
	 * tell: it says so rather than trust credentials it could not check.
	 * @param control credentials the provider must refuse
	 * @param refusedKey the message when the provider refuses the real credentials
	 * @return what is wrong, or empty when the provider accepted the credentials
	 */
	Optional<Problem> problemWith(String slug, String tokenEndpoint, Credentials credentials, Credentials control,
			String refusedKey) {
		Optional<Answer> controlAnswer = ask(slug, tokenEndpoint, control);
		if (controlAnswer.isEmpty()) {
			return Optional.of(Problem.of("clientAuth.problem.unreachable", tokenEndpoint));
		}
		if (controlAnswer.get().accepted()) {
			return Optional.of(Problem.of("clientAuth.problem.cannotVerify"));
		}
		Optional<Answer> answer = ask(slug, tokenEndpoint, credentials);
		if (answer.isEmpty()) {
			return Optional.of(Problem.of("clientAuth.problem.unreachable", tokenEndpoint));
		}
		return answer.get().accepted() ? Optional.empty()
				: Optional.of(Problem.of(refusedKey, answer.get().status(), answer.get().said()));
	}

	/** The provider's answer, or empty when it could not be reached. */
	private Optional<Answer> ask(String slug, String tokenEndpoint, Credentials credentials) {
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
			String description = answer.path("error_description").asString("");
			return Optional.of(new Answer("invalid_grant".equals(error), response.statusCode(), error.isEmpty()
					? Http.excerpt(response.body()) : error + (description.isEmpty() ? "" : ": " + description)));
		}
		catch (ConnectorException ex) {
			return Optional.empty();
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
	 * @param accepted the provider authenticated the client ({@code invalid_grant}: only
	 * the made-up code was refused)
	 */
	private record Answer(boolean accepted, int status, String said) {
	}

	/**
	 * How the client proves itself: form parameters, and an Authorization header or null.
	 */
	record Credentials(Map<String, String> parameters, String authorization) {
	}

}
