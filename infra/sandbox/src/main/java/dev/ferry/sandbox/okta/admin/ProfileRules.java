package dev.ferry.sandbox.okta.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.ferry.sandbox.okta.OktaApiException;

/**
 * Okta's default user-profile schema checks (docs/reference/okta.md §4.1): {@code login}
 * and {@code email} 5–100 characters in e-mail form, {@code firstName}/{@code lastName}
 * 1–50 and required; and the default password policy (8 characters, lower and upper case,
 * a digit, no part of the username).
 */
final class ProfileRules {

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

	private ProfileRules() {
	}

	static void check(Map<String, Object> profile) {
		List<String> causes = new ArrayList<>();
		List<String> fields = new ArrayList<>();
		text(profile, "login", 5, 100, causes, fields);
		if (profile.get("login") instanceof String login && !fields.contains("login")
				&& !EMAIL.matcher(login).matches()) {
			causes.add("login: Username must be in the form of an email address");
			fields.add("login");
		}
		text(profile, "email", 5, 100, causes, fields);
		if (profile.get("email") instanceof String email && !fields.contains("email")
				&& !EMAIL.matcher(email).matches()) {
			causes.add("email: Does not match required pattern");
			fields.add("email");
		}
		text(profile, "firstName", 1, 50, causes, fields);
		text(profile, "lastName", 1, 50, causes, fields);
		if (profile.get("secondEmail") instanceof String second && !second.isEmpty()
				&& !EMAIL.matcher(second).matches()) {
			causes.add("secondEmail: Does not match required pattern");
			fields.add("secondEmail");
		}
		if (!causes.isEmpty()) {
			throw OktaApiException.validation(String.join(", ", fields), causes.toArray(String[]::new));
		}
	}

	private static void text(Map<String, Object> profile, String field, int min, int max, List<String> causes,
			List<String> fields) {
		Object value = profile.get(field);
		if (value == null || value instanceof String s && s.isBlank()) {
			causes.add(field + ": The field cannot be left blank");
			fields.add(field);
		}
		else if (!(value instanceof String s)) {
			causes.add(field + ": Does not match required pattern");
			fields.add(field);
		}
		else if (s.length() < min || s.length() > max) {
			causes.add(field + ": The field must be between " + min + " and " + max + " characters long");
			fields.add(field);
		}
	}

	static void checkPassword(String password, String login) {
		boolean ok = password.length() >= 8 && password.chars().anyMatch(Character::isLowerCase)
				&& password.chars().anyMatch(Character::isUpperCase) && password.chars().anyMatch(Character::isDigit);
		if (ok && login != null) {
			String local = login.contains("@") ? login.substring(0, login.indexOf('@')) : login;
			for (String part : local.split("[._\\-+]")) {
				if (part.length() >= 3 && password.toLowerCase().contains(part.toLowerCase())) {
					ok = false;
				}
			}
		}
		if (!ok) {
			throw OktaApiException.validation("password", "password: Password requirements were not met. Password "
					+ "requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts "
					+ "of your username.");
		}
	}

}
