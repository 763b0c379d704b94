package dev.ferry.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import dev.ferry.system.Refusal;

/**
 * What the credentials Ferry issues to identity providers share (SCIM bearer tokens,
 * OAuth client secrets and the access tokens issued for them, the audit API's tokens):
 * 256 random bits, shown once, kept only as a SHA-256 hash — a random 256-bit value needs
 * no slow hash, and a leaked table cannot be replayed — and a name people recognise them
 * by.
 */
public final class Credentials {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Credentials() {
	}

	/** A new random value, URL-safe so it can be pasted anywhere. */
	public static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	/**
	 * The name a person gave, stripped.
	 * @throws Refusal when it is empty, longer than 100 characters or holds control
	 * characters
	 */
	public static String name(String name) {
		String label = name == null ? "" : name.strip();
		if (label.isEmpty() || label.length() > 100 || label.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			throw new Refusal("connections.flash.scim.name");
		}
		return label;
	}

}
