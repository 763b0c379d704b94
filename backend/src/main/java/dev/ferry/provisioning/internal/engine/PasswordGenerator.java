package dev.ferry.provisioning.internal.engine;

import java.security.SecureRandom;

/**
 * Strong random passwords for new accounts (the default password policy): 20 characters
 * from upper, lower, digits and symbols, at least one of each, so every target's policy
 * accepts them.
 */
final class PasswordGenerator {

	private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";

	private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";

	private static final String DIGITS = "23456789";

	private static final String SYMBOLS = "!#%+-=?@_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private PasswordGenerator() {
	}

	static String next() {
		String all = UPPER + LOWER + DIGITS + SYMBOLS;
		char[] password = new char[20];
		password[0] = pick(UPPER);
		password[1] = pick(LOWER);
		password[2] = pick(DIGITS);
		password[3] = pick(SYMBOLS);
		for (int i = 4; i < password.length; i++) {
			password[i] = pick(all);
		}
		for (int i = password.length - 1; i > 0; i--) {
			int j = RANDOM.nextInt(i + 1);
			char swap = password[i];
			password[i] = password[j];
			password[j] = swap;
		}
		return new String(password);
	}

	private static char pick(String alphabet) {
		return alphabet.charAt(RANDOM.nextInt(alphabet.length()));
	}

}
