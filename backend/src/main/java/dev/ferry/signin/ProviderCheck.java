package dev.ferry.signin;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Http;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.Problem;

/**
 * What sign-up can check of an organisation's identity provider without a person: the
 * issuer is an address Ferry may call, its discovery document names exactly that issuer
 * and the endpoints sign-in needs, and its signing keys can be read. The client id and
 * secret are proven at the first sign-in, not here: a grant that would test them (client
 * credentials) is one many providers refuse to a web client whatever its secret
 * (docs/oidc.md).
 */
@Component
public class ProviderCheck {

	private final AllowedHosts hosts;

	private final OidcDiscovery discovery;

	private final JsonMapper json;

	private final TokenEndpointCheck tokenEndpoint;

	ProviderCheck(AllowedHosts hosts, OidcDiscovery discovery, JsonMapper json, TokenEndpointCheck tokenEndpoint) {
		this.hosts = hosts;
		this.discovery = discovery;
		this.json = json;
		this.tokenEndpoint = tokenEndpoint;
	}

	/**
	 * Whether the provider accepts this client id and secret, for signing up again: that
	 * replaces an onboarding organisation's secret, so only someone who holds a secret
	 * the provider accepts may do it (the short name, issuer and client id are no secret:
	 * the sign-in redirect shows them).
	 */
	public Optional<Problem> secretProblem(String slug, String issuer, String clientId, String secret) {
		try {
			return tokenEndpoint.secretProblem(slug, discovery.fetch(issuer), clientId, secret);
		}
		catch (OidcDiscovery.DiscoveryFailed ex) {
			return Optional.of(ex.problem());
		}
	}

	/**
	 * @param issuer exactly as typed (a trailing slash is part of an issuer)
	 * @return what is wrong, or empty when sign-in can be tried
	 */
	public Optional<Problem> problemWith(String issuer) {
		Optional<Problem> address = hosts.problemWithProvider(issuer);
		if (address.isPresent()) {
			return address;
		}
		ProviderMetadata metadata;
		try {
			// read afresh (the organisation may just have fixed its provider's settings)
			// and not kept: a refused sign-up leaves nothing behind to refresh
			metadata = discovery.fetch(issuer);
		}
		catch (OidcDiscovery.DiscoveryFailed ex) {
			return Optional.of(ex.problem());
		}
		if (metadata.secretAuthMethod().isEmpty()) {
			return Optional
				.of(Problem.of("oidc.problem.noSecretAuth", String.join(", ", metadata.authMethodsSupported())));
		}
		return keysProblem(metadata.jwksUri());
	}

	/** The signing keys must be a JWK set with at least one key. */
	private Optional<Problem> keysProblem(String jwksUri) {
		try {
			HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(jwksUri))
				.timeout(Duration.ofSeconds(10))
				.header("Accept", "application/json")
				.GET()
				.build());
			JsonNode keys = response.statusCode() == 200 ? json.readTree(response.body()).path("keys") : null;
			if (keys == null || !keys.isArray() || keys.isEmpty()) {
				return Optional.of(Problem.of("oidc.problem.keys", jwksUri));
			}
			return Optional.empty();
		}
		catch (ConnectorException | JacksonException ex) {
			return Optional.of(Problem.of("oidc.problem.keys", jwksUri));
		}
	}

}
