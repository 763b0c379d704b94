package dev.ferry.connector;

import java.util.List;
import java.util.Objects;

/**
 * What a target lets Ferry write (ConnId's schema operation): the attributes mappings may
 * compute, and which of them is the e-mail that identifies an account (matched
 * case-insensitively, and the key a person is linked by when no link exists yet).
 *
 * @param writable attribute names as the target's API spells them, in the order forms
 * offer them
 * @param emailAttribute one of {@code writable}
 * @param firstNameAttribute the given name, which an import copies into the new
 * identity's profile with the e-mail and the family name
 * @param lastNameAttribute the family name
 * @param defaults the mappings a new organisation starts with: attribute → expression
 */
public record TargetSchema(List<String> writable, String emailAttribute, String firstNameAttribute,
		String lastNameAttribute, java.util.Map<String, String> defaults) {

	public TargetSchema {
		writable = List.copyOf(writable);
		Objects.requireNonNull(emailAttribute);
		if (!writable.contains(emailAttribute)) {
			throw new IllegalArgumentException("the e-mail attribute must be writable");
		}
		defaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(defaults));
	}

	/**
	 * Default mappings in the order given: attribute, expression, attribute, expression,
	 * ...
	 */
	public static java.util.Map<String, String> mappings(String... attributeThenExpression) {
		java.util.Map<String, String> mappings = new java.util.LinkedHashMap<>();
		for (int i = 0; i + 1 < attributeThenExpression.length; i += 2) {
			mappings.put(attributeThenExpression[i], attributeThenExpression[i + 1]);
		}
		return mappings;
	}

}
