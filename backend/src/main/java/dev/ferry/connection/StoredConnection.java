package dev.ferry.connection;

import java.util.Map;
import java.util.Set;

/**
 * An organisation's target or source connection as the portal may see it: the connector's
 * kind, its non-secret settings, which secrets are set (never their values), what Ferry
 * learned setting it up, and the last test.
 *
 * @param values non-secret settings by field name
 * @param secretsSet the names of secret fields that hold a value
 * @param state plain facts by name: {@code <key field>.public} (the public JWK of a key
 * Ferry generated), {@code <picked field>.label}, {@code hook.id}, {@code hook.status},
 * {@code hook.receiving}
 */
public record StoredConnection(String kind, Map<String, String> values, Set<String> secretsSet,
		Map<String, String> state, LastTest lastTest) {

	public StoredConnection {
		values = Map.copyOf(values);
		secretsSet = Set.copyOf(secretsSet);
		state = Map.copyOf(state);
	}

	/** A non-secret setting, or "" when absent. */
	public String value(String field) {
		return values.getOrDefault(field, "");
	}

	public boolean secretSet(String field) {
		return secretsSet.contains(field);
	}

	/** A fact learned in setup, or null when there is none. */
	public String state(String name) {
		return state.get(name);
	}

	/** Whether the source delivers changes to Ferry's hook. */
	public boolean hookReceiving() {
		return "true".equals(state.get(Connections.HOOK_RECEIVING));
	}

}
