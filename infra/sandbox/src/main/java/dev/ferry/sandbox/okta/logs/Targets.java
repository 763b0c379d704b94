package dev.ferry.sandbox.okta.logs;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaUser;

/** The {@code target[]} entries of System Log events, shaped as Okta writes them. */
public final class Targets {

	private Targets() {
	}

	public static Map<String, Object> user(OktaUser user) {
		return target(user.id(), "User", user.login(), fullName(user));
	}

	public static Map<String, Object> group(String id, String name) {
		return target(id, "UserGroup", name, name);
	}

	public static Map<String, Object> app(OktaApp app) {
		return target(app.id(), "AppInstance", app.name(), app.label());
	}

	public static Map<String, Object> appUser(String appUserId, String userName, OktaUser user) {
		return target(appUserId, "AppUser", userName, fullName(user));
	}

	public static Map<String, Object> eventHook(String id, String name) {
		return target(id, "EventHook", name, name);
	}

	public static Map<String, Object> inlineHook(String id, String name) {
		return target(id, "InlineHook", name, name);
	}

	public static Map<String, Object> target(String id, String type, String alternateId, String displayName) {
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("id", id);
		target.put("type", type);
		target.put("alternateId", alternateId);
		target.put("displayName", displayName);
		target.put("detailEntry", null);
		return target;
	}

	public static Map<String, Object> withChanges(Map<String, Object> target, Map<String, Object> changeDetails) {
		target.put("changeDetails", changeDetails);
		return target;
	}

	static String fullName(OktaUser user) {
		String first = user.firstName() == null ? "" : user.firstName();
		String last = user.lastName() == null ? "" : user.lastName();
		return (first + " " + last).trim();
	}

}
