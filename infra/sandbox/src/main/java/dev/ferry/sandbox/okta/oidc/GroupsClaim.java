package dev.ferry.sandbox.okta.oidc;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A custom authorization server's groups claim (Okta's claim with value type
 * {@code GROUPS}, type ID token, included always): the names of the person's groups that
 * pass the filter. Okta's filter types are {@code STARTS_WITH}, {@code EQUALS},
 * {@code CONTAINS} and {@code REGEX} (a regex must match the whole name); the sandbox
 * adds {@code ALL} as a short way to write Okta's usual {@code REGEX .*}.
 *
 * @param name the claim's name in the ID token, e.g. {@code groups}
 * @param filterType one of the types above
 * @param filterValue what the filter compares with (ignored for {@code ALL})
 * @param scopes the claim goes in only when one of these scopes was granted; empty means
 * any scope (Okta's "Include in: Any scope")
 */
record GroupsClaim(String name, String filterType, String filterValue, List<String> scopes) {

	static final Set<String> FILTER_TYPES = Set.of("STARTS_WITH", "EQUALS", "CONTAINS", "REGEX", "ALL");

	GroupsClaim {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("groupsClaim.name is required");
		}
		filterType = filterType == null ? "ALL" : filterType.trim().toUpperCase(Locale.ROOT);
		if (!FILTER_TYPES.contains(filterType)) {
			throw new IllegalArgumentException("groupsClaim.filterType must be one of " + FILTER_TYPES);
		}
		if (!"ALL".equals(filterType) && (filterValue == null || filterValue.isEmpty())) {
			throw new IllegalArgumentException("groupsClaim.filterValue is required for " + filterType);
		}
		if ("REGEX".equals(filterType)) {
			try {
				Pattern.compile(filterValue);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException("groupsClaim.filterValue is not a regex: " + ex.getDescription());
			}
		}
		scopes = scopes == null ? List.of() : List.copyOf(scopes);
	}

	boolean appliesTo(Set<String> grantedScopes) {
		return scopes.isEmpty() || scopes.stream().anyMatch(grantedScopes::contains);
	}

	boolean matches(String groupName) {
		return switch (filterType) {
			case "STARTS_WITH" -> groupName.startsWith(filterValue);
			case "EQUALS" -> groupName.equals(filterValue);
			case "CONTAINS" -> groupName.contains(filterValue);
			case "REGEX" -> Pattern.matches(filterValue, groupName);
			default -> true;
		};
	}

}
