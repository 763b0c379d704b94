package dev.ferry.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Ferry's own key pairs and the {@code private_key_jwt} client assertions they sign (RFC
 * 7523): for an Okta service app (the management API) and for an organisation's sign-in.
 * One place, so both prove Ferry the same way.
 */
public final class ClientAssertions {

	/** {@code client_assertion_type} of a signed JWT. */
	public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private ClientAssertions() {
	}

	/** A new RSA 2048 signing key (RS256) with the given key id. */
	public static RSAKey newKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a key pair", ex);
		}
	}

	/**
	 * An assertion: {@code iss} = {@code sub} = the client id, {@code aud} = the token
	 * endpoint, a fresh {@code jti}, valid for {@code lifetime} from {@code now}.
	 * @throws JOSEException when the key cannot sign
	 */
	public static String sign(RSAKey key, String clientId, String tokenEndpoint, Instant now, Duration lifetime)
			throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(tokenEndpoint)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(lifetime)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
