package dev.ferry.sandbox.okta.oidc;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.IdGenerator;

/**
 * The RS256 signing keys of every authorization server (the org server and each custom
 * server have their own, as at Okta, so a token of one does not verify with another's
 * JWKS), made in memory the first time the server needs them and never written anywhere.
 * A server signs with one active key and publishes it, plus, after a {@linkplain #rotate
 * rotation}, the key it replaced, so tokens issued before the rotation still verify until
 * the next one (or at once no longer, when the old key is retired). Keys survive a
 * sandbox reset (as keys survive user changes at Okta), so tokens a client already holds
 * still verify. Each org also gets the id of its built-in Okta identity provider
 * ({@code 00o...}), the {@code idp} claim of its ID tokens whichever server issues them.
 */
@Component
class SigningKeys {

	/** {@link AuthServer#key()} → its keys. */
	private final Map<String, KeyRing> rings = new ConcurrentHashMap<>();

	/** org → its Okta identity provider id. */
	private final Map<String, String> idpIds = new ConcurrentHashMap<>();

	private final IdGenerator ids;

	SigningKeys(IdGenerator ids) {
		this.ids = ids;
	}

	/** The server's public keys, as its {@code keys} endpoint serves them. */
	Map<String, Object> publicJwks(AuthServer server) {
		List<JWK> published = ring(server).published().stream().map(RSAKey::toPublicJWK).map(JWK.class::cast).toList();
		return new JWKSet(published).toJSONObject(true);
	}

	String idpId(String org) {
		return idpIds.computeIfAbsent(org, name -> ids.next("00o"));
	}

	String sign(AuthServer server, JWTClaimsSet claims) {
		RSAKey rsaKey = ring(server).active();
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
	 * True when the token was signed (RS256) by one of the keys this server still
	 * publishes, the one its {@code kid} names.
	 */
	boolean signedBy(AuthServer server, SignedJWT jwt) {
		if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
			return false;
		}
		RSAKey rsaKey = ring(server).published()
			.stream()
			.filter(key -> key.getKeyID().equals(jwt.getHeader().getKeyID()))
			.findFirst()
			.orElse(null);
		if (rsaKey == null) {
			return false;
		}
		try {
			return jwt.verify(new RSASSAVerifier(rsaKey.toRSAPublicKey()));
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	/**
	 * Makes a new key (new {@code kid}) the server's active signing key. The key it
	 * replaces stays published, unless {@code retireOld}, so tokens it signed still
	 * verify and a client that cached the old set keeps working until it sees the new
	 * {@code kid}; keys older than that are dropped.
	 */
	Rotation rotate(AuthServer server, boolean retireOld) {
		KeyRing rotated = rings.compute(server.key(), (name, ring) -> {
			RSAKey next = generate(name);
			if (ring == null || retireOld) {
				return new KeyRing(next, List.of(next));
			}
			return new KeyRing(next, List.of(next, ring.active()));
		});
		return new Rotation(rotated.active().getKeyID(), rotated.published().stream().map(RSAKey::getKeyID).toList());
	}

	private KeyRing ring(AuthServer server) {
		return rings.computeIfAbsent(server.key(), name -> {
			RSAKey key = generate(name);
			return new KeyRing(key, List.of(key));
		});
	}

	private static RSAKey generate(String name) {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyID(UUID.randomUUID().toString().replace("-", ""))
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot make a signing key for " + name, ex);
		}
	}

	/**
	 * A server's keys: the one that signs, and those its {@code keys} endpoint publishes
	 * (the active one first).
	 */
	private record KeyRing(RSAKey active, List<RSAKey> published) {

		KeyRing {
			published = List.copyOf(published);
		}

	}

	/** What a rotation left: the signing key's id and the ids of the published keys. */
	record Rotation(String activeKid, List<String> publishedKids) {

		Rotation {
			publishedKids = List.copyOf(publishedKids);
		}

	}

}
