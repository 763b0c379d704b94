package dev.ferry.sandbox.okta.oidc;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.IdGenerator;

/**
 * One RS256 signing key per authorization server (the org server and each custom server
 * have their own, as at Okta, so a token of one does not verify with another's JWKS),
 * made in memory the first time the server needs it and never written anywhere. Keys
 * survive a sandbox reset (as keys survive user changes at Okta), so tokens a client
 * already holds still verify. Each org also gets the id of its built-in Okta identity
 * provider ({@code 00o...}), the {@code idp} claim of its ID tokens whichever server
 * issues them.
 */
@Component
class SigningKeys {

	/** {@link AuthServer#key()} → key. */
	private final Map<String, RSAKey> keys = new ConcurrentHashMap<>();

	/** org → its Okta identity provider id. */
	private final Map<String, String> idpIds = new ConcurrentHashMap<>();

	private final IdGenerator ids;

	SigningKeys(IdGenerator ids) {
		this.ids = ids;
	}

	/** The server's public keys, as its {@code keys} endpoint serves them. */
	Map<String, Object> publicJwks(AuthServer server) {
		return new JWKSet(key(server).toPublicJWK()).toJSONObject(true);
	}

	String idpId(String org) {
		return idpIds.computeIfAbsent(org, name -> ids.next("00o"));
	}

	String sign(AuthServer server, JWTClaimsSet claims) {
		RSAKey rsaKey = key(server);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsaKey.getKeyID()).build(),
				claims);
		try {
			jwt.sign(new RSASSASigner(rsaKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a token for " + server.key(), ex);
		}
		return jwt.serialize();
	}

	/**
	 * True when the token was signed by this server's key (RS256, matching {@code kid}).
	 */
	boolean signedBy(AuthServer server, SignedJWT jwt) {
		RSAKey rsaKey = key(server);
		if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
				|| !rsaKey.getKeyID().equals(jwt.getHeader().getKeyID())) {
			return false;
		}
		try {
			return jwt.verify(new RSASSAVerifier(rsaKey.toRSAPublicKey()));
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	private RSAKey key(AuthServer server) {
		return keys.computeIfAbsent(server.key(), name -> {
			try {
				return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.keyID(UUID.randomUUID().toString().replace("-", ""))
					.generate();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Cannot make a signing key for " + name, ex);
			}
		});
	}

}
