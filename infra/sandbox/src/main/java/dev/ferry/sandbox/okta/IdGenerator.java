package dev.ferry.sandbox.okta;

import java.security.SecureRandom;

import org.springframework.stereotype.Component;

/**
 * Okta-shaped ids: a three-character type prefix ({@code 00u} user, {@code 00g} group,
 * {@code 0oa} app, {@code who} event hook...) and 17 more characters, 20 in all. Ids from
 * one generator increase, so ordering users by id (Okta's paging cursor) is also creation
 * order.
 */
@Component
public class IdGenerator {

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private final SecureRandom random = new SecureRandom();

	private long counter = System.currentTimeMillis() * 1000;

	public synchronized String next(String prefix) {
		StringBuilder id = new StringBuilder(prefix);
		long value = ++counter;
		char[] ordered = new char[11];
		for (int i = ordered.length - 1; i >= 0; i--) {
			ordered[i] = ALPHABET[(int) (value % ALPHABET.length)];
			value /= ALPHABET.length;
		}
		id.append(ordered);
		while (id.length() < 20) {
			id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
		}
		return id.toString();
	}

}
