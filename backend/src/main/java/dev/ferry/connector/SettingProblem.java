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

	/**
	 * The arguments as templates pass them to the message bundle, as for
	 * {@code dev.ferry.system.Problem}, so both render through one field fragment.
	 */
	public Object[] getArguments() {
		return arguments.toArray();
	}

	public static SettingProblem of(String field, String code, Object... arguments) {
		return new SettingProblem(field, code, List.of(arguments));
	}

}
