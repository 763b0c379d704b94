package dev.ferry.okta;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.connector.Http;
import dev.ferry.connector.Throttle;

/**
 * One Okta org's management API: authenticates with SSWS or a service app's
 * client_credentials + private_key_jwt (tokens live one hour and are reused until shortly
 * before), follows {@code Link} paging, and maps Okta's error objects to typed
 * {@link ConnectorException}s. Every request first takes a permit from the
 * {@link Throttle} of its Okta rate-limit bucket ({@link OktaRateBucket}); every answer's
 * {@code X-Rate-Limit-Limit/Remaining/Reset} is reported to it, and a 429 makes it hold
 * every caller until {@code X-Rate-Limit-Reset}. Thread-safe; one per org.
 */
public class OktaClient {

	static final String SCOPES = "okta.users.read okta.users.manage okta.groups.read okta.apps.read "
			+ "okta.logs.read okta.eventHooks.manage okta.inlineHooks.manage";

	/** How long every bucket of an org backs off after a concurrency 429. */
	static final Duration CONCURRENCY_PAUSE = Duration.ofSeconds(2);

	private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

	private final OktaApiSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	private final Function<OktaRateBucket, Throttle> throttles;

	private final Map<OktaRateBucket, Throttle> throttleByBucket = new ConcurrentHashMap<>();

	private final OktaServiceTokens serviceTokens;

	public OktaClient(OktaApiSettings settings, JsonMapper json, Clock clock) {
		this(settings, json, clock, Throttle.NONE);
	}

	/**
	 * Every bucket paced by one throttle (tests, and callers that make a handful of
	 * calls).
	 */
	public OktaClient(OktaApiSettings settings, JsonMapper json, Clock clock, Throttle throttle) {
		this(settings, json, clock, bucket -> throttle);
	}

	/**
	 * @param throttles the throttle of each of Okta's rate-limit buckets, asked once per
	 * bucket
	 */
	public OktaClient(OktaApiSettings settings, JsonMapper json, Clock clock,
			Function<OktaRateBucket, Throttle> throttles) {
		this.settings = settings;
		this.json = json;
		this.clock = clock;
		this.throttles = throttles;
		this.serviceTokens = new OktaServiceTokens(settings, json, clock, this::sendThrottled, orgUrl());
	}

	Clock clock() {
		return clock;
	}

	public String orgUrl() {
		return trimmed(settings.orgUrl());
	}

	public JsonNode get(String pathAndQuery) {
		return send("GET", URI.create(orgUrl() + pathAndQuery), null).body();
	}

	/** One page and the URL of the next one, if Okta sent a {@code rel="next"} link. */
	public Page page(String pathAndQuery) {
		return page(URI.create(orgUrl() + pathAndQuery));
	}

	/**
	 * A page by its absolute URL (a {@code next} link, or a stored System Log position).
	 * It must be on this org: the API token is never sent anywhere else.
	 */
	public Page page(URI absolute) {
		URI org = URI.create(orgUrl() + "/");
		if (!absolute.isAbsolute() || !absolute.getScheme().equalsIgnoreCase(org.getScheme())
				|| !Http.host(absolute).equalsIgnoreCase(Http.host(org))
				|| !absolute.getRawPath().startsWith(org.getRawPath())) {
			throw ConnectorException.of(Kind.INVALID_REQUEST,
					"The link " + absolute + " is not on the Okta org " + orgUrl() + "; not followed.");
		}
		Result result = send("GET", absolute, null);
		return new Page(result.body(), result.next());
	}

	public JsonNode post(String path, Object body) {
		return send("POST", URI.create(orgUrl() + path), body).body();
	}

	public JsonNode put(String path, Object body) {
		return send("PUT", URI.create(orgUrl() + path), body).body();
	}

	public JsonNode delete(String path) {
		return send("DELETE", URI.create(orgUrl() + path), null).body();
	}

	private Result send(String method, URI uri, Object body) {
		try {
			return sendOnce(method, uri, body);
		}
		catch (ConnectorException ex) {
			// a cached service-app token revoked or expired early (the client is shared
			// by a connection's
			// jobs): the token was forgotten on the 401, so one more try signs in afresh
			if (ex.status() != 401 || settings.mode() != OktaApiSettings.AuthMode.SERVICE_APP) {
				throw ex;
			}
			return sendOnce(method, uri, body);
		}
	}

	private Result sendOnce(String method, URI uri, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Http.REQUEST_TIMEOUT)
			.header("Accept", "application/json")
			.header("Authorization", authorization());
		if (body != null || "POST".equals(method) || "PUT".equals(method)) {
			request.header("Content-Type", "application/json")
				.method(method,
						HttpRequest.BodyPublishers.ofString(body == null ? "{}" : json.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = sendThrottled(request.build());
		int status = response.statusCode();
		if (status == 401 && settings.mode() == OktaApiSettings.AuthMode.SERVICE_APP) {
			serviceTokens.forget();
		}
		if (status >= 200 && status < 300) {
			return new Result(status == 204 || response.body() == null || response.body().isBlank()
					? json.createObjectNode() : parse(response.body()), next(response));
		}
		throw failure(response, method + " " + uri.getRawPath());
	}

	/**
	 * Takes a permit, sends, reports the quota left, and on 429 holds every caller until
	 * the reset.
	 */
	private HttpResponse<String> sendThrottled(HttpRequest request) {
		Throttle throttle = throttleByBucket
			.computeIfAbsent(OktaRateBucket.of(request.method(), request.uri().getRawPath()), throttles);
		throttle.acquire();
		HttpResponse<String> response = Http.send(request);
		Optional<String> remaining = response.headers().firstValue("X-Rate-Limit-Remaining");
		Optional<String> reset = response.headers().firstValue("X-Rate-Limit-Reset");
		if (remaining.isPresent() && reset.isPresent() && remaining.get().matches("\\d{1,12}")
				&& reset.get().matches("\\d{1,12}")) {
			long limit = response.headers()
				.firstValue("X-Rate-Limit-Limit")
				.filter(value -> value.matches("\\d{1,12}"))
				.map(Long::parseLong)
				.orElse(0L);
			throttle.observed(limit, Long.parseLong(remaining.get()), Long.parseLong(reset.get()));
		}
		if (response.statusCode() == 429
				&& "0".equals(response.headers().firstValue("X-Rate-Limit-Limit").orElse(""))) {
			// Okta's concurrency limit (docs/reference/okta.md §7): counted for the whole
			// org, not
			// per bucket, and its
			// reset is only an estimate, so every bucket of the org backs off briefly
			Duration pause = CONCURRENCY_PAUSE;
			for (OktaRateBucket bucket : OktaRateBucket.values()) {
				throttleByBucket.computeIfAbsent(bucket, throttles).slowDown(pause);
			}
		}
		else if (response.statusCode() == 429 || response.statusCode() == 503) {
			throttle.slowDown(waitOf(response));
		}
		return response;
	}

	/**
	 * Until {@code X-Rate-Limit-Reset} (epoch seconds), else {@code Retry-After}, else a
	 * few seconds.
	 */
	private Duration waitOf(HttpResponse<String> response) {
		Optional<String> reset = response.headers().firstValue("X-Rate-Limit-Reset");
		if (reset.isPresent() && reset.get().matches("\\d{1,12}")) {
			return Duration.ofSeconds(Math.max(1, Long.parseLong(reset.get()) - clock.instant().getEpochSecond()));
		}
		Duration asked = Http.retryAfter(response);
		return asked == null ? Duration.ofSeconds(5) : asked;
	}

	private ConnectorException failure(HttpResponse<String> response, String what) {
		int status = response.statusCode();
		String code = "";
		String summary = "";
		String causes = "";
		try {
			JsonNode error = json.readTree(response.body() == null ? "" : response.body());
			code = error.path("errorCode").asString("");
			summary = error.path("errorSummary").asString("");
			StringBuilder all = new StringBuilder();
			for (JsonNode cause : error.path("errorCauses")) {
				all.append(' ').append(cause.path("errorSummary").asString(""));
			}
			causes = all.toString().strip();
		}
		catch (JacksonException ex) {
			// not an Okta error object
		}
		String text = "Okta answered " + status + " to " + what + (summary.isEmpty() ? "" : ": " + summary)
				+ (causes.isEmpty() ? "" : " (" + causes + ")") + (code.isEmpty() ? "" : " [" + code + "]");
		Kind kind = switch (status) {
			case 401 -> Kind.INVALID_CREDENTIAL;
			case 403 -> Kind.PERMISSION_DENIED;
			case 404 -> Kind.UNKNOWN_ID;
			case 429, 500, 502, 503, 504 -> Kind.RETRYABLE;
			default -> causes.contains("already exists") ? Kind.ALREADY_EXISTS : Kind.INVALID_REQUEST;
		};
		Duration wait = status == 429 || status == 503 ? waitOf(response) : null;
		return new ConnectorException(kind, text, status, Http.excerpt(response.body()), wait);
	}

	private JsonNode parse(String body) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw ConnectorException.of(Kind.INVALID_REQUEST,
					orgUrl() + " did not answer with JSON: is it an Okta org?");
		}
	}

	private static URI next(HttpResponse<String> response) {
		List<String> links = response.headers().allValues("Link");
		for (String link : links) {
			Matcher matcher = NEXT_LINK.matcher(link);
			if (matcher.find()) {
				return URI.create(matcher.group(1));
			}
		}
		return null;
	}

	private String authorization() {
		if (settings.mode() == OktaApiSettings.AuthMode.SSWS) {
			return "SSWS " + settings.apiToken();
		}
		return "Bearer " + serviceTokens.token();
	}

	private static String trimmed(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	record Result(JsonNode body, URI next) {
	}

	/** One page of a listing; {@code next} is null on the last page. */
	public record Page(JsonNode items, URI next) {
	}

}
