package dev.ferry.okta;

import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Key pairs for Okta service apps: Ferry keeps the private half (encrypted), the admin
 * pastes the public.
 */
public final class OktaKeys {

	private OktaKeys() {
	}

	/**
	 * @return the private JWK (to store encrypted) and the public JWK (to show)
	 */
	public static KeyPair generate() {
		try {
			RSAKey key = new RSAKeyGenerator(2048).keyID("ferry-" + UUID.randomUUID().toString().substring(0, 8))
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
			return new KeyPair(key.toJSONString(), key.toPublicJWK().toJSONString(), key.getKeyID());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a key pair", ex);
		}
	}

	public record KeyPair(String privateJwk, String publicJwk, String keyId) {

		@Override
		public String toString() {
			return "KeyPair[keyId=" + keyId + ", publicJwk=" + publicJwk + "]";
		}

	}

}
