package dev.ferry.connection;

import java.util.Map;
import java.util.Set;

/**
 * An organisation's target connection as the portal may see it: the connector's kind, its
 * non-secret settings, which secrets are set (never their values) and the last test.
 *
 * @param values non-secret settings by field name
 * @param secretsSet the names of secret fields that hold a value
 */
public record TargetConnection(String kind, Map<String, String> values, Set<String> secretsSet, LastTest lastTest) {

	public TargetConnection {
		values = Map.copyOf(values);
		secretsSet = Set.copyOf(secretsSet);
	}

	/** A non-secret setting, or "" when absent. */
	public String value(String field) {
		return values.getOrDefault(field, "");
	}

	public boolean secretSet(String field) {
		return secretsSet.contains(field);
	}

}
