package dev.ferry.sharefile;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.connector.Http;
import dev.ferry.connector.Throttle;

/**
 * One ShareFile account's API: gets and refreshes the OAuth token (password grant, 8-hour
 * tokens, refresh on 401 once), sends JSON, and turns ShareFile's error bodies
 * (docs/reference/sharefile.md §5.1) into typed {@link ConnectorException}s. Every
 * request first takes a permit from the {@link Throttle}; a 429/503 tells the throttle to
 * slow every caller down for the {@code Retry-After} the account asked for and surfaces
 * as {@link Kind#RETRYABLE}: retrying is the engine's decision. Thread-safe; one per
 * account.
 */
public class ShareFileClient {

	/** The wait assumed when a 429/503 comes without {@code Retry-After}. */
	static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

	private final ShareFileSettings settings;

	private final JsonMapper json;

	private final Clock clock;

	private final Throttle throttle;

	private final ShareFileTokens tokens;

	private ShareFileTokens.Token token;

	public ShareFileClient(ShareFileSettings settings, JsonMapper json, Clock clock) {
		this(settings, json, clock, Throttle.NONE);
	}

	public ShareFileClient(ShareFileSettings settings, JsonMapper json, Clock clock, Throttle throttle) {
		this.settings = settings;
		this.json = json;
		this.clock = clock;
		this.throttle = throttle;
		this.tokens = new ShareFileTokens(settings, json, clock, this::sendThrottled);
	}

	public JsonNode get(String path) {
		return call("GET", path, null);
	}

	public JsonNode post(String path, Object body) {
		return call("POST", path, body);
	}

	public JsonNode patch(String path, Object body) {
		return call("PATCH", path, body);
	}

	public JsonNode delete(String path, Object body) {
		return call("DELETE", path, body);
	}

	/**
	 * A DELETE that carries a body (e.g. {@code Groups(id)/Contacts}), sent as
	 * ShareFile's Java SDK sends it: {@code POST} with
	 * {@code X-Http-Method-Override: DELETE}, which proxies never strip.
	 */
	public JsonNode deleteWithBody(String path, Object body) {
		return call("DELETE-OVERRIDE", path, body);
	}

	/**
	 * Follows an {@code odata.nextLink}. It must point into this account's API: the
	 * bearer token is never sent to another host.
	 */
	public JsonNode getNext(String nextLink) {
		URI next = URI.create(nextLink);
		URI base = apiBase();
		if (!next.isAbsolute()) {
			return get(nextLink);
		}
		if (!next.getScheme().equalsIgnoreCase(base.getScheme()) || !Http.host(next).equalsIgnoreCase(Http.host(base))
				|| !next.getRawPath().startsWith(base.getRawPath())) {
			throw ConnectorException.of(Kind.INVALID_REQUEST,
					"ShareFile's next page link " + Http.host(next) + " is outside the account's API; not followed.");
		}
		return get(next.getRawPath().substring(base.getRawPath().length())
				+ (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
	}

	/**
	 * The API base the token response points at:
	 * {@code https://{subdomain}.{apicp}/sf/v3/}.
	 */
	URI apiBase() {
		return token().apiBase();
	}

	private JsonNode call(String method, String path, Object body) {
		ShareFileTokens.Token used = token();
		HttpResponse<String> response = send(method, path, body, used);
		if (response.statusCode() == 401) {
			// an expired or revoked token: get a new one and try once more, as
			// ShareFile's SDKs do. The client
			// is shared by every job of the connection: forget the token only if it is
			// still the one that
			// failed, so threads that all got a 401 ask for one new token, not one each
			synchronized (this) {
				if (token == used) {
					token = null;
				}
			}
			response = send(method, path, body, token());
		}
		return handle(response, method.replace("DELETE-OVERRIDE", "DELETE") + " " + path);
	}

	/**
	 * Takes a permit, sends, and on 429/503 tells the throttle how long the account asked
	 * everyone to wait.
	 */
	private HttpResponse<String> sendThrottled(HttpRequest request) {
		throttle.acquire();
		HttpResponse<String> response = Http.send(request);
		if (response.statusCode() == 429 || response.statusCode() == 503) {
			throttle.slowDown(waitOf(response));
		}
		return response;
	}

	private static Duration waitOf(HttpResponse<?> response) {
		Duration asked = Http.retryAfter(response);
		return asked == null ? DEFAULT_WAIT : asked;
	}

	private HttpResponse<String> send(String method, String path, Object body, ShareFileTokens.Token current) {
		URI uri = current.apiBase().resolve(path);
		HttpRequest.BodyPublisher publisher = body == null && ("GET".equals(method) || "DELETE".equals(method))
				? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body == null ? "{}" : json.writeValueAsString(body));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Http.REQUEST_TIMEOUT)
			.header("Authorization", "Bearer " + current.accessToken())
			.header("Accept", "application/json");
		if ("GET".equals(method) || ("DELETE".equals(method) && body == null)) {
			request.method(method, publisher);
		}
		else if ("DELETE-OVERRIDE".equals(method)) {
			request.header("Content-Type", "application/json")
				.header("X-Http-Method-Override", "DELETE")
				.POST(publisher);
		}
		else {
			request.header("Content-Type", "application/json").method(method, publisher);
		}
		return sendThrottled(request.build());
	}

	private JsonNode handle(HttpResponse<String> response, String what) {
		int status = response.statusCode();
		String body = response.body();
		if (status == 200 || status == 201) {
			return parse(body, what);
		}
		if (status == 204 || status == 202) {
			return json.createObjectNode();
		}
		throw failure(response, what);
	}

	ConnectorException failure(HttpResponse<String> response, String what) {
		int status = response.statusCode();
		String body = response.body();
		String reason = "";
		String message = "";
		try {
			JsonNode error = json.readTree(body == null ? "" : body);
			reason = error.path("reason").asString("");
			message = error.path("message").path("value").asString("");
		}
		catch (JacksonException ex) {
			// not a ShareFile error body; the status says enough
		}
		String text = "ShareFile answered " + status + " to " + what + (message.isEmpty() ? "" : ": " + message)
				+ (reason.isEmpty() ? "" : " (" + reason + ")");
		Kind kind = switch (status) {
			case 401 -> Kind.INVALID_CREDENTIAL;
			case 403 -> "EmployeeLicensesExceeded".equals(reason) ? Kind.LIMIT_REACHED : Kind.PERMISSION_DENIED;
			case 404 -> Kind.UNKNOWN_ID;
			case 409 -> Kind.ALREADY_EXISTS;
			case 429, 500, 502, 503, 504 -> Kind.RETRYABLE;
			default -> "EmployeeLicensesExceeded".equals(reason) ? Kind.LIMIT_REACHED : Kind.INVALID_REQUEST;
		};
		Duration wait = kind == Kind.RETRYABLE && (status == 429 || status == 503) ? waitOf(response)
				: Http.retryAfter(response);
		return new ConnectorException(kind, text, status, Http.excerpt(body), wait);
	}

	private JsonNode parse(String body, String what) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ConnectorException(Kind.INVALID_REQUEST, "ShareFile's answer to " + what + " was not JSON", 200,
					Http.excerpt(body), null);
		}
	}

	private synchronized ShareFileTokens.Token token() {
		if (token == null || !clock.instant().isBefore(token.expiresAt())) {
			token = tokens.request();
		}
		return token;
	}

}
