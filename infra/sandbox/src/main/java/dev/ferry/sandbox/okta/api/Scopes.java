package dev.ferry.sandbox.okta.api;

import java.util.Set;

/**
 * The OAuth scope each management endpoint needs (docs/reference/okta.md §3.3):
 * {@code okta.<resource>.read} for reads, {@code okta.<resource>.manage} for changes; a
 * manage scope also allows the reads.
 */
final class Scopes {

	private Scopes() {
	}

	/** The scope for a request; {@code path} is below {@code /api/v1}. */
	static String required(String method, String path) {
		String[] segments = path.replaceAll("^/+", "").split("/");
		boolean read = "GET".equals(method) || "HEAD".equals(method);
		String resource = switch (segments[0]) {
			case "users" -> "users";
			case "groups" -> "groups";
			case "apps" -> "apps";
			case "logs" -> "logs";
			case "eventHooks" -> "eventHooks";
			case "inlineHooks" -> "inlineHooks";
			default -> "unknown";
		};
		if (resource.equals("logs")) {
			return "okta.logs.read";
		}
		return "okta." + resource + (read ? ".read" : ".manage");
	}

	static boolean allowed(String required, Set<String> granted) {
		if (granted.contains(required)) {
			return true;
		}
		return required.endsWith(".read") && granted.contains(required.replace(".read", ".manage"));
	}

}
