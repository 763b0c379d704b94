package dev.ferry.connector;

import java.util.List;

/**
 * What every connector module contributes, once, as a bean: its kind, the settings it
 * needs, the local checks of those settings (ConnId's {@code validate()}; the live check
 * is {@link TestOp}). See docs/connectors.md.
 */
public interface ConnectorFactory {

	/** The stored kind, e.g. {@code sharefile}: lower case, never renamed. */
	String kind();

	/** The settings, in the order the form shows them. */
	List<SettingField> settings();

	/**
	 * Checks beyond what the field types say (required, URL host, length), which the
	 * connection module checks for every connector.
	 */
	default List<SettingProblem> validate(ConnectorSettings settings) {
		return List.of();
	}

}
