package dev.ferry.connector;

import java.util.Map;
import java.util.TreeMap;

/**
 * The settings one connection was saved with, secrets decrypted: what a factory opens a
 * connector with. Never logged with its values.
 *
 * @param values by {@link SettingField#name()}
 */
public record ConnectorSettings(String kind, Map<String, String> values) {

	public ConnectorSettings {
		values = Map.copyOf(values);
	}

	/** The value of a field, or "" when absent. */
	public String get(String name) {
		return values.getOrDefault(name, "");
	}

	@Override
	public String toString() {
		return "ConnectorSettings[kind=" + kind + ", fields=" + new TreeMap<>(values).keySet() + ", values hidden]";
	}

}
