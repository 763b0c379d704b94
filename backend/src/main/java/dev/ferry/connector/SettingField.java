package dev.ferry.connector;

import java.util.List;
import java.util.Map;

/**
 * One setting a connector needs (ConnId's configuration property): forms are rendered
 * from these, in list order, and its label and help come from the message bundle as
 * {@code connector.<kind>.<name>} and {@code connector.<kind>.<name>.help}.
 *
 * @param name the form field and storage key
 * @param secret stored sealed, never rendered back; a blank entry keeps the stored value
 * @param choices for {@link Type#CHOICE}: the allowed values (labels
 * {@code connector.<kind>.<name>.<value>})
 * @param when the setting counts only while another setting has a given value (an API
 * token only for token sign-in); null when it always counts
 */
public record SettingField(String name, Type type, boolean required, boolean secret, List<String> choices, When when) {

	public SettingField {
		choices = List.copyOf(choices);
	}

	public SettingField(String name, Type type, boolean required, boolean secret, List<String> choices) {
		this(name, type, required, secret, choices, null);
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

	public static SettingField choice(String name, String... choices) {
		return new SettingField(name, Type.CHOICE, true, false, List.of(choices));
	}

	/** A key pair Ferry generates (see {@link Type#GENERATED_KEY}). */
	public static SettingField generatedKey(String name) {
		return new SettingField(name, Type.GENERATED_KEY, true, true, List.of());
	}

	/** A value picked from the connected system (see {@link Type#PICKED}). */
	public static SettingField picked(String name) {
		return new SettingField(name, Type.PICKED, true, false, List.of());
	}

	/** This setting, counting only while {@code field} holds {@code value}. */
	public SettingField onlyWhen(String field, String value) {
		return new SettingField(name, type, required, secret, choices, new When(field, value));
	}

	/** Whether the setting counts with these values of the others. */
	public boolean applies(Map<String, String> values) {
		return when == null || when.value().equals(values.get(when.field()));
	}

	/** Whether a person types or chooses it in the connection form. */
	public boolean entered() {
		return type != Type.GENERATED_KEY && type != Type.PICKED;
	}

	/** See {@link SettingField#when()}. */
	public record When(String field, String value) {

	}

	public enum Type {

		TEXT,

		/**
		 * The address Ferry calls: checked against the allowed hosts, and a change of its
		 * origin makes every stored secret be entered again.
		 */
		URL,

		EMAIL,

		CHOICE,

		/**
		 * A key pair Ferry generates on request and keeps sealed under this name; its
		 * public JWK is shown for the person to register in the other system. Not a form
		 * field.
		 */
		GENERATED_KEY,

		/**
		 * One of the connected system's own objects (an app, a site), listed by
		 * {@link SourceConnectorFactory#options} once the other settings work and picked
		 * from that list; the choice is forgotten when the address changes. Not a form
		 * field.
		 */
		PICKED

	}

}
