package dev.ferry.okta;

import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;

import dev.ferry.connector.ClientAssertions;

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
		RSAKey key = ClientAssertions.newKey("ferry-" + UUID.randomUUID().toString().substring(0, 8));
		return new KeyPair(key.toJSONString(), key.toPublicJWK().toJSONString(), key.getKeyID());
	}

	public record KeyPair(String privateJwk, String publicJwk, String keyId) {

		@Override
		public String toString() {
			return "KeyPair[keyId=" + keyId + ", publicJwk=" + publicJwk + "]";
		}

	}

}
