package dev.ferry.connector;

import java.util.List;

/**
 * What is wrong with one setting, as a message code (resolved from the bundle, with its
 * arguments) so no connector writes sentences in Java.
 */
public record SettingProblem(String field, String code, List<Object> arguments) {

	public SettingProblem {
		arguments = List.copyOf(arguments);
	}

	public static SettingProblem of(String field, String code, Object... arguments) {
		return new SettingProblem(field, code, List.of(arguments));
	}

}
