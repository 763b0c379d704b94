package dev.ferry.sandbox.okta.oidc;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.Resettable;
import dev.ferry.sandbox.okta.OidcClient;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.ServiceApp;

/**
 * Checks a private_key_jwt client assertion (docs/reference/okta.md §3.2) of a service
 * app or of an OIDC web app configured for private_key_jwt: signed RS256/384/512 or
 * ES256/384/512 by a key registered for the app (the service app's JWK; the web app's
 * inline JWK set or the set at its JWKS URI, see {@link ClientJwks}),
 * {@code iss = sub = client_id}, {@code aud} exactly the token URL, {@code exp} present,
 * not past and at most one hour ahead, and a {@code jti}, when given, used once only.
 */
@Component
class ClientAssertions implements Resettable {

	static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	static final Duration MAX_LIFETIME = Duration.ofHours(1);

	private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512);

	private static final Set<JWSAlgorithm> EC_ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
			JWSAlgorithm.ES512);

	/** "org client jti" → when it may be forgotten (the assertion's exp). */
	private final Map<String, Instant> usedJtis = new ConcurrentHashMap<>();

	private final Clock clock;

	private final ClientJwks jwks;

	ClientAssertions(Clock clock, ClientJwks jwks) {
		this.clock = clock;
		this.jwks = jwks;
	}

	/**
	 * The app that signed the assertion: a service app, or an OIDC web app configured for
	 * private_key_jwt. One verification for both; only where the keys come from differs.
	 */
	ClientAuthenticator.Authenticated verify(OktaOrg org, String assertion, String tokenUrl, String clientIdParam) {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(assertion);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw OidcException.invalidClient("The client_assertion token is malformed: it must be a signed JWT.");
		}
		String issuer = claims.getIssuer();
		if (issuer == null || !issuer.equals(claims.getSubject())) {
			throw OidcException
				.invalidClient("The 'iss' and 'sub' claims of the client_assertion must both be the client_id.");
		}
		if (clientIdParam != null && !clientIdParam.equals(issuer)) {
			throw OidcException
				.invalidClient("The 'client_id' parameter does not match the client_assertion's 'iss' claim.");
		}
		ClientAuthenticator.Authenticated client = signer(org, issuer);
		if (!signatureValid(jwt, keys(org, client, jwt.getHeader().getKeyID()))) {
			throw OidcException.invalidClient("The client_assertion signature is invalid.");
		}
		List<String> audience = claims.getAudience();
		if (audience == null || audience.size() != 1 || !tokenUrl.equals(audience.get(0))) {
			throw OidcException
				.invalidClient("The audience claim for client_assertion must be the endpoint invoked for the request.");
		}
		Instant now = clock.instant();
		if (claims.getExpirationTime() == null) {
			throw OidcException.invalidClient("The client_assertion token must have an 'exp' claim.");
		}
		Instant exp = claims.getExpirationTime().toInstant();
		if (!now.isBefore(exp)) {
			throw OidcException.invalidClient("The client_assertion token is expired.");
		}
		if (exp.isAfter(now.plus(MAX_LIFETIME))) {
			throw OidcException.invalidClient("The client_assertion token has an expiration too far into the future.");
		}
		if (claims.getNotBeforeTime() != null && now.isBefore(claims.getNotBeforeTime().toInstant())) {
			throw OidcException.invalidClient("The client_assertion token is not valid yet.");
		}
		String jti = claims.getJWTID();
		if (jti != null) {
			usedJtis.values().removeIf(forgetAt -> now.isAfter(forgetAt));
			if (usedJtis.putIfAbsent(org.name() + " " + issuer + " " + jti, exp) != null) {
				throw OidcException.invalidClient("The client_assertion token has already been used.");
			}
		}
		return client;
	}

	/** The app an assertion names, if it may authenticate with one. */
	private static ClientAuthenticator.Authenticated signer(OktaOrg org, String clientId) {
		ServiceApp service = org.serviceApp(clientId).orElse(null);
		if (service != null) {
			return ClientAuthenticator.Authenticated.forServiceApp(service);
		}
		OidcClient web = org.oidcClient(clientId)
			.orElseThrow(() -> OidcException.invalidClient("Invalid value for 'client_id' parameter."));
		if (!web.privateKeyJwt()) {
			throw OidcException.invalidClient("The client is configured for " + web.tokenEndpointAuthMethod()
					+ "; a client_assertion (private_key_jwt) is not accepted.");
		}
		return ClientAuthenticator.Authenticated.forWebApp(web, OidcClient.PRIVATE_KEY_JWT);
	}

	/** The signer's public keys that may carry this {@code kid} (null: any of them). */
	private List<JWK> keys(OktaOrg org, ClientAuthenticator.Authenticated client, String kid) {
		List<JWK> all;
		if (client.serviceApp() != null) {
			try {
				all = List.of(JWK.parse(client.serviceApp().publicJwkJson()));
			}
			catch (ParseException ex) {
				return List.of();
			}
		}
		else {
			all = jwks.keys(org.name(), client.oidcClient(), kid);
		}
		return all.stream().filter(key -> kid == null || key.getKeyID() == null || kid.equals(key.getKeyID())).toList();
	}

	private static boolean signatureValid(SignedJWT jwt, List<JWK> keys) {
		JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
		for (JWK jwk : keys) {
			try {
				JWSVerifier verifier;
				if (jwk instanceof RSAKey rsa && RSA_ALGORITHMS.contains(alg)) {
					verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
				}
				else if (jwk instanceof ECKey ec && EC_ALGORITHMS.contains(alg)) {
					verifier = new ECDSAVerifier(ec.toECPublicKey());
				}
				else {
					continue;
				}
				if (jwt.verify(verifier)) {
					return true;
				}
			}
			catch (JOSEException ex) {
				// a key that does not fit the algorithm (e.g. the wrong curve): try the
				// next
			}
		}
		return false;
	}

	@Override
	public void resetToSeed() {
		usedJtis.clear();
	}

}
