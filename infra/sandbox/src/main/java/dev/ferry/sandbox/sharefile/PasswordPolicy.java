package dev.ferry.sandbox.sharefile;

import org.springframework.http.HttpStatus;

/**
 * ShareFile's default password policy as the sandbox enforces it [I]: at least 8
 * characters with at least one letter and one digit. Violations are {@code 400} with
 * reason {@code InvalidPassword}.
 */
public final class PasswordPolicy {

	private PasswordPolicy() {
	}

	public static String check(String password) {
		if (password == null || password.length() < 8 || password.chars().noneMatch(Character::isLetter)
				|| password.chars().noneMatch(Character::isDigit)) {
			throw new ShareFileException(HttpStatus.BAD_REQUEST, "InvalidPassword",
					"The password must be at least 8 characters long and contain a letter and a digit.");
		}
		return password;
	}

}
