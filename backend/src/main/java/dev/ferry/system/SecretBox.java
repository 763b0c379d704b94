package dev.ferry.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets (client secrets, passwords, API tokens, private keys) before they
 * reach the database, with AES-256-GCM under a key from the environment. Each ciphertext
 * names its key id ({@code v1:<kid>:<base64(iv|ciphertext|tag)>}), so keys can be
 * rotated: add a new key, make it active, run the rotation command, then retire the old
 * key.
 */
public class SecretBox {

	private static final String PREFIX = "v1:";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final Map<String, SecretKey> keys = new LinkedHashMap<>();

	private final String activeKeyId;

	private final SecureRandom random = new SecureRandom();

	/**
	 * @param base64Keys key id → 32-byte key, base64-encoded
	 * @param activeKeyId the key new secrets are encrypted with
	 */
	public SecretBox(Map<String, String> base64Keys, String activeKeyId) {
		base64Keys.forEach((id, encoded) -> {
			byte[] key = Base64.getDecoder().decode(encoded.trim());
			if (key.length != 32) {
				throw new IllegalArgumentException("Secret key '" + id + "' must be 32 bytes (base64 of 32 random "
						+ "bytes, e.g. `openssl rand -base64 32`), not " + key.length);
			}
			keys.put(id, new SecretKeySpec(key, "AES"));
		});
		if (!keys.containsKey(activeKeyId)) {
			throw new IllegalArgumentException(
					"The active secret key '" + activeKeyId + "' is not among the keys " + keys.keySet());
		}
		this.activeKeyId = activeKeyId;
	}

	public String activeKeyId() {
		return activeKeyId;
	}

	public String encrypt(String plaintext) {
		try {
			byte[] iv = new byte[IV_BYTES];
			random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
			return PREFIX + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a secret", ex);
		}
	}

	public String decrypt(String ciphertext) {
		String keyId = keyIdOf(ciphertext);
		SecretKey key = keys.get(keyId);
		if (key == null) {
			throw new IllegalStateException(
					"A secret was encrypted with key '" + keyId + "', which is not configured (FERRY_SECRET_KEYS)");
		}
		try {
			byte[] in = Base64.getDecoder().decode(ciphertext.substring(PREFIX.length() + keyId.length() + 1));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
			cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("A stored secret could not be decrypted (wrong key or altered data)", ex);
		}
	}

	/** True when the ciphertext was made with an older key and should be re-encrypted. */
	public boolean needsRotation(String ciphertext) {
		return !activeKeyId.equals(keyIdOf(ciphertext));
	}

	private static String keyIdOf(String ciphertext) {
		if (ciphertext == null || !ciphertext.startsWith(PREFIX) || ciphertext.indexOf(':', PREFIX.length()) < 0) {
			throw new IllegalArgumentException("Not a Ferry ciphertext");
		}
		return ciphertext.substring(PREFIX.length(), ciphertext.indexOf(':', PREFIX.length()));
	}

}
