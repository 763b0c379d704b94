package dev.ferry.sandbox.okta.logs;

import java.util.Map;

/**
 * The {@code legacyEventType} Okta still writes beside a few event types. Only the one
 * seen in captured payloads (docs/reference/okta.md §5, [O]) is reproduced; every other
 * event carries null.
 */
final class LegacyEventTypes {

	private static final Map<String, String> LEGACY = Map.of("application.user_membership.add",
			"app.generic.provision.assign_user_to_app");

	private LegacyEventTypes() {
	}

	static String of(String eventType) {
		return LEGACY.get(eventType);
	}

}
