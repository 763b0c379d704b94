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
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.ServiceApp;

/**
 * Checks a private_key_jwt client assertion (docs/reference/okta.md §3.2): signed
 * RS256/384/512 or ES256/384/512 by the key registered for the service app,
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

	ClientAssertions(Clock clock) {
		this.clock = clock;
	}

	ServiceApp verify(OktaOrg org, String assertion, String tokenUrl, String clientIdParam) {
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
		ServiceApp app = org.serviceApp(issuer)
			.orElseThrow(() -> org.oidcClient(issuer).isPresent()
					? OidcException.invalidClient("The client is not configured to authenticate with private_key_jwt.")
					: OidcException.invalidClient("Invalid value for 'client_id' parameter."));
		if (!signatureValid(jwt, app)) {
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
		return app;
	}

	private static boolean signatureValid(SignedJWT jwt, ServiceApp app) {
		try {
			JWK jwk = JWK.parse(app.publicJwkJson());
			JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
			String kid = jwt.getHeader().getKeyID();
			if (kid != null && jwk.getKeyID() != null && !kid.equals(jwk.getKeyID())) {
				return false;
			}
			JWSVerifier verifier;
			if (jwk instanceof RSAKey rsa && RSA_ALGORITHMS.contains(alg)) {
				verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
			}
			else if (jwk instanceof ECKey ec && EC_ALGORITHMS.contains(alg)) {
				verifier = new ECDSAVerifier(ec.toECPublicKey());
			}
			else {
				return false;
			}
			return jwt.verify(verifier);
		}
		catch (ParseException | JOSEException ex) {
			return false;
		}
	}

	@Override
	public void resetToSeed() {
		usedJtis.clear();
	}

}
