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
 * One RS256 signing key per org, made in memory the first time the org needs it and never
 * written anywhere. Keys survive a sandbox reset (as an org's keys survive user changes
 * at Okta), so tokens a client already holds still verify. Each org also gets the id of
 * its built-in Okta identity provider ({@code 00o...}), the {@code idp} claim of its ID
 * tokens.
 */
@Component
class OrgSigningKeys {

	private final Map<String, OrgKey> keys = new ConcurrentHashMap<>();

	private final IdGenerator ids;

	OrgSigningKeys(IdGenerator ids) {
		this.ids = ids;
	}

	/** The org's public keys, as {@code /oauth2/v1/keys} serves them. */
	Map<String, Object> publicJwks(String org) {
		return new JWKSet(key(org).rsaKey().toPublicJWK()).toJSONObject(true);
	}

	String idpId(String org) {
		return key(org).idpId();
	}

	String sign(String org, JWTClaimsSet claims) {
		RSAKey rsaKey = key(org).rsaKey();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsaKey.getKeyID()).build(),
				claims);
		try {
			jwt.sign(new RSASSASigner(rsaKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a token for org " + org, ex);
		}
		return jwt.serialize();
	}

	/** True when the token was signed by this org's key (RS256, matching {@code kid}). */
	boolean signedByOrg(String org, SignedJWT jwt) {
		RSAKey rsaKey = key(org).rsaKey();
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

	private OrgKey key(String org) {
		return keys.computeIfAbsent(org, name -> {
			try {
				RSAKey rsaKey = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.keyID(UUID.randomUUID().toString().replace("-", ""))
					.generate();
				return new OrgKey(rsaKey, ids.next("00o"));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Cannot make a signing key for org " + name, ex);
			}
		});
	}

	private record OrgKey(RSAKey rsaKey, String idpId) {
	}

}
