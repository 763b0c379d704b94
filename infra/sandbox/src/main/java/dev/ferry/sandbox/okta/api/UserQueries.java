package dev.ferry.sandbox.okta.api;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.ScimFilter;

/**
 * The user list's {@code filter}, {@code search} and {@code q} (docs/reference/okta.md §4
 * "Users list semantics"): {@code filter} is {@code eq} on a few fields
 * ({@code lastUpdated} also gt/ge/lt/le), case-sensitive, no {@code not}; {@code search}
 * covers any profile attribute and the user's dates, with values compared
 * case-insensitively; {@code q} is a prefix on firstName, lastName or email.
 */
final class UserQueries {

	private static final Set<String> FILTER_FIELDS = Set.of("status", "lastUpdated", "id", "profile.login",
			"profile.email", "profile.firstName", "profile.lastName");

	private static final Set<String> DATES = Set.of("created", "activated", "statusChanged", "lastUpdated",
			"passwordChanged", "lastLogin");

	private static final Set<String> CONTAINS_FIELDS = Set.of("profile.firstName", "profile.lastName", "profile.email",
			"profile.login");

	private UserQueries() {
	}

	static Predicate<OktaUser> filter(String expression) {
		return parse(expression, new ScimFilter.Rules() {
			@Override
			public void check(String attribute, String operator) {
				if (!FILTER_FIELDS.contains(attribute)) {
					throw new IllegalArgumentException(
							"Invalid filter expression: filtering on '" + attribute + "' is not supported; use one of "
									+ String.join(", ", FILTER_FIELDS.stream().sorted().toList()));
				}
				boolean dateOp = Set.of("gt", "ge", "lt", "le").contains(operator);
				if (!operator.equals("eq") && !(dateOp && attribute.equals("lastUpdated"))) {
					throw new IllegalArgumentException("Invalid filter expression: operator '" + operator
							+ "' is not supported on '" + attribute + "'");
				}
			}

			@Override
			public boolean isDate(String attribute) {
				return DATES.contains(attribute);
			}

			@Override
			public boolean caseInsensitiveValues() {
				return false;
			}

			@Override
			public boolean allowNot() {
				return false;
			}
		}, "filter");
	}

	static Predicate<OktaUser> search(String expression) {
		return parse(expression, new ScimFilter.Rules() {
			@Override
			public void check(String attribute, String operator) {
				boolean known = attribute.startsWith("profile.") || DATES.contains(attribute)
						|| Set.of("id", "status", "type.id").contains(attribute);
				if (!known) {
					throw new IllegalArgumentException(
							"Invalid search expression: unknown attribute '" + attribute + "'");
				}
				if (operator.equals("co") && !CONTAINS_FIELDS.contains(attribute)) {
					throw new IllegalArgumentException("Invalid search expression: 'co' is supported only on "
							+ "profile.firstName, profile.lastName, profile.email and profile.login");
				}
				if (Set.of("ne", "ew").contains(operator)) {
					throw new IllegalArgumentException(
							"Invalid search expression: operator '" + operator + "' is not supported");
				}
			}

			@Override
			public boolean isDate(String attribute) {
				return DATES.contains(attribute);
			}

			@Override
			public boolean caseInsensitiveValues() {
				return true;
			}

			@Override
			public boolean allowNot() {
				return false;
			}
		}, "search");
	}

	static Predicate<OktaUser> q(String q) {
		String prefix = q.toLowerCase(Locale.ROOT);
		return user -> startsWith(user.firstName(), prefix) || startsWith(user.lastName(), prefix)
				|| startsWith(user.email(), prefix);
	}

	private static boolean startsWith(String value, String prefix) {
		return value != null && value.toLowerCase(Locale.ROOT).startsWith(prefix);
	}

	private static Predicate<OktaUser> parse(String expression, ScimFilter.Rules rules, String parameter) {
		try {
			return ScimFilter.parse(expression, rules, UserQueries::values);
		}
		catch (IllegalArgumentException ex) {
			throw OktaApiException.badRequest(parameter + ": " + ex.getMessage());
		}
	}

	private static List<Object> values(OktaUser user, String attribute) {
		Object value = switch (attribute) {
			case "id" -> user.id();
			case "status" -> user.status();
			case "type.id" -> OktaJson.USER_TYPE_ID;
			case "created" -> user.created();
			case "activated" -> user.activated();
			case "statusChanged" -> user.statusChanged();
			case "lastUpdated" -> user.lastUpdated();
			case "passwordChanged" -> user.passwordChanged();
			case "lastLogin" -> user.lastLogin();
			default -> attribute.startsWith("profile.") ? user.profile().get(attribute.substring(8)) : null;
		};
		if (value instanceof List<?> list) {
			return List.copyOf(list);
		}
		return value == null ? List.of() : List.of(value);
	}

}
