package dev.ferry.connector;

import java.util.List;

/**
 * One setting a connector needs (ConnId's configuration property): forms are rendered
 * from these, in list order, and its label and help come from the message bundle as
 * {@code connector.<kind>.<name>} and {@code connector.<kind>.<name>.help}.
 *
 * @param name the form field and storage key
 * @param secret stored sealed, never rendered back; a blank entry keeps the stored value
 * @param choices for {@link Type#CHOICE}: the allowed values (labels
 * {@code connector.<kind>.<name>.<value>})
 */
public record SettingField(String name, Type type, boolean required, boolean secret, List<String> choices) {

	public SettingField {
		choices = List.copyOf(choices);
	}

	public static SettingField text(String name) {
		return new SettingField(name, Type.TEXT, true, false, List.of());
	}

	public static SettingField url(String name) {
		return new SettingField(name, Type.URL, true, false, List.of());
	}

	public static SettingField email(String name) {
		return new SettingField(name, Type.EMAIL, true, false, List.of());
	}

	public static SettingField secret(String name) {
		return new SettingField(name, Type.TEXT, true, true, List.of());
	}

	public enum Type {

		TEXT,

		/**
		 * The address Ferry calls: checked against the allowed hosts, and a change of its
		 * origin makes every stored secret be entered again.
		 */
		URL,

		EMAIL,

		CHOICE

	}

}
