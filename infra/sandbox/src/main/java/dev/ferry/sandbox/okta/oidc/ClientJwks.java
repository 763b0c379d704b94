package dev.ferry.sandbox.okta.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.Resettable;
import dev.ferry.sandbox.okta.OidcClient;

/**
 * The public keys of an OIDC web app on {@code private_key_jwt}: registered inline
 * ({@code settings.oauthClient.jwks}) or published by the client at its JWKS URI. A
 * published set is fetched over plain http(s) (5 s timeout), cached per app and URI, and
 * fetched again when an assertion names a {@code kid} the cached set does not hold (key
 * rotation without re-registering).
 */
@Component
class ClientJwks implements Resettable {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** JWK members that only a private (or symmetric) key has. */
	private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NORMAL)
		.build();

	/** "org client uri" → the set last fetched from the URI. */
	private final Map<String, List<JWK>> fetched = new ConcurrentHashMap<>();

	/**
	 * The keys that may have signed an assertion with this {@code kid} (null: all the
	 * app's keys).
	 * @throws OidcException {@code invalid_client} when the published set cannot be
	 * fetched
	 */
	List<JWK> keys(String org, OidcClient client, String kid) {
		if (client.jwksJson() != null) {
			try {
				return JWKSet.parse(client.jwksJson()).getKeys();
			}
			catch (ParseException ex) {
				throw new IllegalStateException("Registered keys of " + client.clientId() + " do not parse", ex);
			}
		}
		String cacheKey = org + " " + client.clientId() + " " + client.jwksUri();
		List<JWK> cached = fetched.get(cacheKey);
		if (cached == null || (kid != null && cached.stream().noneMatch(key -> kid.equals(key.getKeyID())))) {
			cached = fetch(client.jwksUri());
			fetched.put(cacheKey, cached);
		}
		return cached;
	}

	/** Forgets what was fetched for the app, e.g. when its keys are configured anew. */
	void forget(String org, String clientId) {
		String prefix = org + " " + clientId + " ";
		fetched.keySet().removeIf(key -> key.startsWith(prefix));
	}

	private List<JWK> fetch(String uri) {
		HttpResponse<String> response;
		try {
			response = http.send(HttpRequest.newBuilder(URI.create(uri))
				.timeout(TIMEOUT)
				.header("Accept", "application/json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException | IllegalArgumentException ex) {
			throw unfetchable(uri, ex.getClass().getSimpleName()
					+ (ex.getMessage() == null ? "" : " " + Objects.toString(ex.getMessage())));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unfetchable(uri, "interrupted");
		}
		if (response.statusCode() != 200) {
			throw unfetchable(uri, "HTTP " + response.statusCode());
		}
		try {
			// Only the public halves of RSA and EC keys count, whatever else is
			// published.
			return JWKSet.parse(response.body())
				.toPublicJWKSet()
				.getKeys()
				.stream()
				.filter(key -> key instanceof RSAKey || key instanceof ECKey)
				.toList();
		}
		catch (ParseException ex) {
			throw unfetchable(uri, "not a JWK set: " + ex.getMessage());
		}
	}

	private static OidcException unfetchable(String uri, String reason) {
		return OidcException.invalidClient("The client's JWKS could not be fetched from " + uri + ": " + reason + ".");
	}

	/**
	 * Checks keys registered through the control API: a {@code {"keys":[...]}} set of at
	 * least one RSA or EC public key.
	 * @return the set as JSON
	 * @throws IllegalArgumentException saying what is wrong
	 */
	static String publicJwks(Map<String, Object> jwks) {
		if (jwks == null || !(jwks.get("keys") instanceof List<?> keys) || keys.isEmpty()) {
			throw new IllegalArgumentException("jwks must hold at least one public key: {\"keys\":[{...}]}");
		}
		List<JWK> parsed = new ArrayList<>();
		for (Object key : keys) {
			if (!(key instanceof Map<?, ?> members)) {
				throw new IllegalArgumentException("jwks.keys must be JWK objects");
			}
			List<String> secret = PRIVATE_MEMBERS.stream().filter(members::containsKey).sorted().toList();
			if (!secret.isEmpty()) {
				throw new IllegalArgumentException("jwks must hold only public keys: key " + members.get("kid")
						+ " has private members " + secret);
			}
			JWK jwk;
			try {
				@SuppressWarnings("unchecked")
				Map<String, Object> json = (Map<String, Object>) members;
				jwk = JWK.parse(json);
			}
			catch (ParseException ex) {
				throw new IllegalArgumentException("jwks holds a key that is not a JWK: " + ex.getMessage());
			}
			if (jwk.isPrivate()) {
				throw new IllegalArgumentException("jwks must hold only public keys");
			}
			if (!(jwk instanceof RSAKey) && !(jwk instanceof ECKey)) {
				throw new IllegalArgumentException("jwks keys must be RSA or EC keys");
			}
			parsed.add(jwk);
		}
		return new JWKSet(parsed).toString(true);
	}

	/**
	 * Checks a JWKS URI registered through the control API: absolute http(s) with a host,
	 * no fragment.
	 * @throws IllegalArgumentException saying what is wrong
	 */
	static String jwksUri(String uri) {
		try {
			URI parsed = new URI(uri);
			if (!parsed.isAbsolute() || parsed.getHost() == null || parsed.getRawFragment() != null
					|| !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
				throw new IllegalArgumentException("jwksUri must be an absolute http(s) URL: " + uri);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("jwksUri is not a URL: " + uri);
		}
	}

	@Override
	public void resetToSeed() {
		fetched.clear();
	}

}
