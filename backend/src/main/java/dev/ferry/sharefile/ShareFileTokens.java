package dev.ferry.sharefile;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.connector.Http;

/**
 * ShareFile's OAuth password grant (docs/reference/sharefile.md §1.1–1.3) for
 * {@link ShareFileClient}: the token request, its errors in words an admin can act on,
 * and where the API lives for the token.
 */
final class ShareFileTokens {

	private final ShareFileSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	private final Function<HttpRequest, HttpResponse<String>> send;

	ShareFileTokens(ShareFileSettings settings, JsonMapper json, Clock clock,
			Function<HttpRequest, HttpResponse<String>> send) {
		this.settings = settings;
		this.json = json;
		this.clock = clock;
		this.send = send;
	}

	/**
	 * The password grant (docs/reference/sharefile.md §1.1) against the account's Base
	 * URL.
	 */
	Token request() {
		URI tokenUri = URI.create(trimmed(settings.baseUrl()) + "/oauth/token");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "password");
		form.put("client_id", settings.clientId());
		form.put("client_secret", settings.clientSecret());
		form.put("username", settings.adminUsername());
		form.put("password", settings.adminPassword());
		HttpResponse<String> response = send.apply(HttpRequest.newBuilder(tokenUri)
			.timeout(Http.REQUEST_TIMEOUT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
			.build());
		JsonNode body;
		try {
			body = json.readTree(response.body() == null ? "" : response.body());
		}
		catch (JacksonException ex) {
			body = null;
		}
		// an OAuth answer: 200 with tokens, or an RFC 6749 error code (lower_snake_case),
		// not a web server 404 page
		boolean oauthAnswer = body != null && body.isObject()
				&& (response.statusCode() == 200 || body.path("error").asString("").matches("[a-z_]+"));
		if (!oauthAnswer) {
			throw new ConnectorException(Kind.INVALID_REQUEST,
					tokenUri + " did not answer like ShareFile's token " + "endpoint (HTTP " + response.statusCode()
							+ "). Check the Base URL: it is your account's "
							+ "address, e.g. https://acme.sharefile.com.",
					response.statusCode(), Http.excerpt(response.body()), null);
		}
		if (response.statusCode() != 200) {
			String error = body.path("error").asString("");
			String description = body.path("error_description").asString("");
			Kind kind = switch (error) {
				case "invalid_client", "unauthorized_client" -> Kind.INVALID_CREDENTIAL;
				case "invalid_grant" -> Kind.INVALID_CREDENTIAL;
				default -> response.statusCode() >= 500 || response.statusCode() == 429 ? Kind.RETRYABLE
						: Kind.INVALID_REQUEST;
			};
			String text = switch (error) {
				case "invalid_client", "unauthorized_client" -> "ShareFile rejected the OAuth client id or secret ("
						+ error + "). Check them at api.sharefile.com.";
				case "invalid_grant" -> "ShareFile rejected the admin username or password (invalid_grant).";
				default -> "ShareFile's token endpoint answered " + response.statusCode() + " " + error + " "
						+ description + (response.statusCode() == 404 ? " Check the Base URL: it is your account's "
								+ "address, e.g. https://acme.sharefile.com." : "");
			};
			throw new ConnectorException(kind, text, response.statusCode(), Http.excerpt(response.body()),
					Http.retryAfter(response));
		}
		String access = body.path("access_token").asString("");
		if (access.isEmpty()) {
			throw new ConnectorException(Kind.INVALID_REQUEST,
					tokenUri + " answered without an access token: this " + "does not look like ShareFile.", 200,
					Http.excerpt(response.body()), null);
		}
		long expiresIn = body.path("expires_in").asLong(28800);
		Instant expiresAt = clock.instant().plusSeconds(Math.max(60, expiresIn - 60));
		return new Token(access, expiresAt, apiBase(body));
	}

	/**
	 * The real service names the API host in the token response ({@code subdomain} +
	 * {@code apicp}). Hosts the operator allows (the sandbox) serve the API under the
	 * Base URL itself.
	 */
	private URI apiBase(JsonNode tokenResponse) {
		String subdomain = tokenResponse.path("subdomain").asString("");
		String apicp = tokenResponse.path("apicp").asString("");
		URI base = URI.create(trimmed(settings.baseUrl()));
		String host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
		boolean realShareFile = host.endsWith(".sharefile.com") || host.endsWith(".sharefile.eu");
		if (realShareFile && !subdomain.isEmpty() && apicp.matches("[a-z0-9.-]+")) {
			return URI.create("https://" + subdomain + "." + apicp + "/sf/v3/");
		}
		return URI.create(trimmed(settings.baseUrl()) + "/sf/v3/");
	}

	private static String trimmed(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	static String formEncode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue() == null ? "" : entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	record Token(String accessToken, Instant expiresAt, URI apiBase) {
	}

}
