package dev.ferry.mapping.internal;

import java.util.List;

/** The names an expression may start from; anything else is refused when parsing. */
final class Roots {

	static final String USER = "user";

	static final String ACCOUNT = "account";

	static final String GROUPS = "groups";

	static final List<String> ALL = List.of(USER, ACCOUNT, GROUPS);

	private Roots() {
	}

	static boolean hasAttributes(String root) {
		return !GROUPS.equals(root);
	}

}
