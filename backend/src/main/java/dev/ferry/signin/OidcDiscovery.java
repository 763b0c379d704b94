package dev.ferry.signin;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Http;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.Problem;

/**
 * Reads OpenID Providers' discovery documents (docs/oidc.md, "Discovery") and keeps them
 * per issuer. Nothing is fetched at start-up: a provider that is down then cannot stop
 * Ferry, only its own organisation's sign-in. A document is kept for a day and refreshed
 * in the background; a failed refresh keeps the last good copy.
 */
@Component
public class OidcDiscovery {

	static final Duration KEEP = Duration.ofHours(24);

	private static final Logger log = LoggerFactory.getLogger(OidcDiscovery.class);

	/** A discovery document is a few KiB; anything far larger is not one. */
	private static final int MAX_DOCUMENT = 256 * 1024;

	private final JsonMapper json;

	private final AllowedHosts hosts;

	private final Clock clock;

	private final Map<String, Kept> kept = new ConcurrentHashMap<>();

	OidcDiscovery(JsonMapper json, AllowedHosts hosts, Clock clock) {
		this.json = json;
		this.hosts = hosts;
		this.clock = clock;
	}

	/**
	 * The provider's metadata, from the cache while it is fresh.
	 * @throws DiscoveryFailed when the provider has never answered well
	 */
	public ProviderMetadata metadata(String issuer) {
		Kept known = kept.get(issuer);
		if (known != null && known.fetchedAt().plus(KEEP).isAfter(clock.instant())) {
			return known.metadata();
		}
		try {
			return refresh(issuer);
		}
		catch (DiscoveryFailed ex) {
			if (known != null) {
				log.warn("Discovery of {} failed ({}); signing in with the copy from {}", issuer, ex.problem().code(),
						known.fetchedAt());
				return known.metadata();
			}
			throw ex;
		}
	}

	/** Reads the document again now, and keeps it when it is good. */
	public ProviderMetadata refresh(String issuer) {
		ProviderMetadata metadata = fetch(issuer);
		kept.put(issuer, new Kept(metadata, clock.instant()));
		return metadata;
	}

	/** Forgets an issuer, e.g. when an organisation changes its sign-in. */
	public void forget(String issuer) {
		kept.remove(issuer);
	}

	/** Keeps every document in use fresh, so no sign-in waits for a provider. */
	@Scheduled(fixedDelayString = "${ferry.signin.discovery-refresh:1h}", initialDelayString = "1h")
	void refreshKept() {
		for (Map.Entry<String, Kept> entry : kept.entrySet()) {
			if (entry.getValue().fetchedAt().plus(KEEP.dividedBy(2)).isBefore(clock.instant())) {
				try {
					refresh(entry.getKey());
				}
				catch (DiscoveryFailed ex) {
					log.warn("Discovery of {} failed ({}); keeping the copy from {}", entry.getKey(),
							ex.problem().code(), entry.getValue().fetchedAt());
				}
			}
		}
	}

	/**
	 * Fetches and checks one document: it must name exactly the issuer it was fetched for
	 * (compared code point for code point, a trailing slash included) and give the three
	 * endpoints sign-in cannot do without, each at an address Ferry may call.
	 */
	ProviderMetadata fetch(String issuer) {
		String url = discoveryUrl(issuer);
		HttpResponse<String> response;
		try {
			response = Http.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(10))
				.header("Accept", "application/json")
				.GET()
				.build());
		}
		catch (ConnectorException | IllegalArgumentException ex) {
			throw new DiscoveryFailed(Problem.of("oidc.problem.unreachable", url, ex.getMessage()));
		}
		if (response.statusCode() != 200) {
			throw new DiscoveryFailed(Problem.of("oidc.problem.status", url, response.statusCode()));
		}
		JsonNode document;
		try {
			String body = response.body() == null ? "" : response.body();
			if (body.length() > MAX_DOCUMENT) {
				throw new DiscoveryFailed(Problem.of("oidc.problem.notJson", url));
			}
			document = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new DiscoveryFailed(Problem.of("oidc.problem.notJson", url));
		}
		if (!document.isObject()) {
			throw new DiscoveryFailed(Problem.of("oidc.problem.notJson", url));
		}
		String named = document.path("issuer").asString("");
		if (!issuer.equals(named)) {
			throw new DiscoveryFailed(Problem.of("oidc.problem.issuerMismatch", issuer, named.isEmpty() ? "—" : named));
		}
		return new ProviderMetadata(named, endpoint(document, "authorization_endpoint", true),
				endpoint(document, "token_endpoint", true), endpoint(document, "jwks_uri", true),
				endpoint(document, "userinfo_endpoint", false), endpoint(document, "end_session_endpoint", false),
				strings(document.path("scopes_supported")),
				strings(document.path("token_endpoint_auth_methods_supported")));
	}

	/**
	 * {@code {issuer}/.well-known/openid-configuration}, one terminating slash of the
	 * issuer removed first (OpenID Connect Discovery 1.0 §4).
	 */
	static String discoveryUrl(String issuer) {
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		return base + "/.well-known/openid-configuration";
	}

	/**
	 * An endpoint Ferry's server calls (token, keys, user info) must pass the same
	 * address rules as the issuer; the browser-facing ones must at least be absolute
	 * http(s) addresses.
	 */
	private String endpoint(JsonNode document, String field, boolean required) {
		String value = document.path(field).asString("");
		if (value.isEmpty()) {
			if (required) {
				throw new DiscoveryFailed(Problem.of("oidc.problem.missingEndpoint", field));
			}
			return null;
		}
		try {
			URI uri = new URI(value);
			if (!uri.isAbsolute() || uri.getHost() == null
					|| !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
				throw new DiscoveryFailed(Problem.of("oidc.problem.badEndpoint", field, value));
			}
		}
		catch (URISyntaxException ex) {
			throw new DiscoveryFailed(Problem.of("oidc.problem.badEndpoint", field, value));
		}
		boolean calledByFerry = !field.equals("authorization_endpoint") && !field.equals("end_session_endpoint");
		if (calledByFerry) {
			hosts.problemWithProvider(value).ifPresent(problem -> {
				throw new DiscoveryFailed(Problem.of("oidc.problem.endpointNotAllowed", field, problem));
			});
		}
		return value;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		if (array.isArray()) {
			array.forEach(value -> {
				if (value.isString()) {
					values.add(value.asString());
				}
			});
		}
		return values;
	}

	private record Kept(ProviderMetadata metadata, Instant fetchedAt) {
	}

	/** Why a provider's discovery could not be used, for a person to read. */
	public static final class DiscoveryFailed extends RuntimeException {

		private final Problem problem;

		DiscoveryFailed(Problem problem) {
			super(problem.code() + " " + problem.args());
			this.problem = problem;
		}

		public Problem problem() {
			return problem;
		}

	}

}
