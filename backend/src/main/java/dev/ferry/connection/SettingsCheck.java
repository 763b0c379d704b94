package dev.ferry.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ferry.connector.ConnectorFactory;
import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SettingProblem;
import dev.ferry.system.AllowedHosts;

/**
 * The local checks every connector's settings get from their field types (ConnId's
 * {@code validate()}, apart from the live test), then the connector's own. Problems are
 * message codes ({@code connection.problem.*}), one per field at most.
 */
final class SettingsCheck {

	private static final int MAX = 255;

	private SettingsCheck() {
	}

	/**
	 * @param form what was entered, by field name (a blank secret keeps the stored one)
	 * @param storedSecrets the secret fields that hold a value now
	 * @param moved whether the address's scheme, host or port changed: stored secrets are
	 * not sent there, so each must be entered again
	 */
	static List<SettingProblem> problems(AllowedHosts hosts, ConnectorFactory factory, Map<String, String> form,
			Set<String> storedSecrets, boolean moved) {
		List<SettingProblem> problems = new ArrayList<>();
		for (SettingField field : factory.settings()) {
			if (!field.entered() || !field.applies(form)) {
				// set by a setup step, or not in use with the other values
				continue;
			}
			String value = form.getOrDefault(field.name(), "");
			SettingProblem problem = problem(hosts, field, value, storedSecrets.contains(field.name()), moved);
			if (problem != null) {
				problems.add(problem);
			}
		}
		if (problems.isEmpty()) {
			problems.addAll(factory.validate(new ConnectorSettings(factory.kind(), form)));
		}
		return problems;
	}

	private static SettingProblem problem(AllowedHosts hosts, SettingField field, String value, boolean stored,
			boolean moved) {
		String name = field.name();
		if (field.secret() && value.isBlank()) {
			if (stored && moved) {
				return SettingProblem.of(name, "connection.problem.enterAgain");
			}
			return stored || !field.required() ? null : SettingProblem.of(name, "connection.problem.required");
		}
		if (value.isBlank()) {
			return field.required() ? SettingProblem.of(name, "connection.problem.required") : null;
		}
		if (value.length() > MAX) {
			return SettingProblem.of(name, "connection.problem.tooLong", MAX);
		}
		if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			return SettingProblem.of(name, "connection.problem.control");
		}
		return switch (field.type()) {
			case URL -> hosts.problemWith(value)
				.map(problem -> new SettingProblem(name, problem.code(), List.copyOf(problem.args())))
				.orElse(null);
			case EMAIL -> value.strip().matches("^[^\\s@]+@[^\\s@]+$") ? null
					: SettingProblem.of(name, "connection.problem.email");
			case CHOICE ->
				field.choices().contains(value) ? null : SettingProblem.of(name, "connection.problem.choice");
			case TEXT, GENERATED_KEY, PICKED -> null;
		};
	}

}
