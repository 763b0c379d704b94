package dev.ferry.sandbox.okta.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaGroup;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.admin.AppAccess;
import dev.ferry.sandbox.okta.hooks.EventHook;

/** An org's state as the control API and the control page show it. */
@Component
class OrgState {

	/**
	 * People listed in full; beyond this only counts (a 100,000-person org stays
	 * readable).
	 */
	static final int PEOPLE_SHOWN = 500;

	Map<String, Object> summary(OktaOrg org, boolean withPeople) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("name", org.name());
		summary.put("apiTokens", List.copyOf(org.apiTokens().keySet()));
		Map<String, Integer> byStatus = new TreeMap<>();
		org.users().forEach(user -> byStatus.merge(user.status(), 1, Integer::sum));
		summary.put("userCount", org.usersById().size());
		summary.put("usersByStatus", byStatus);
		summary.put("groups", groups(org));
		summary.put("apps", org.apps().values().stream().map(app -> app(org, app)).toList());
		summary.put("eventHooks", org.extras().eventHooks().values().stream().map(OrgState::hook).toList());
		summary.put("inlineHooks",
				org.extras()
					.inlineHooks()
					.values()
					.stream()
					.map(hook -> Map.of("id", hook.id(), "name", hook.name(), "type", hook.type(), "status",
							hook.status(), "uri", hook.uri()))
					.toList());
		summary.put("rateLimits", org.extras().rateLimits().limits());
		summary.put("duplicateAndReorderDeliveries", org.extras().duplicateAndReorderDeliveries());
		summary.put("systemLogEvents", org.extras().log().events().size());
		if (withPeople) {
			summary.put("people", org.users().stream().limit(PEOPLE_SHOWN).map(user -> person(org, user)).toList());
		}
		return summary;
	}

	List<Map<String, Object>> groups(OktaOrg org) {
		List<Map<String, Object>> groups = new ArrayList<>();
		new TreeMap<>(org.groups()).values().forEach(group -> groups.add(group(org, group)));
		return groups;
	}

	private static Map<String, Object> group(OktaOrg org, OktaGroup group) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", group.id());
		json.put("name", org.groupNames().get(group.id()));
		json.put("type", group.type());
		json.put("members", org.groupMembers().getOrDefault(group.id(), Set.of()).size());
		return json;
	}

	static Map<String, Object> app(OktaOrg org, OktaApp app) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", app.id());
		json.put("label", app.label());
		json.put("directUsers", app.users().size());
		json.put("groups", app.groups().keySet().stream().map(id -> org.groupNames().get(id)).toList());
		return json;
	}

	private static Map<String, Object> hook(EventHook hook) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", hook.id());
		json.put("name", hook.name());
		json.put("status", hook.status());
		json.put("verificationStatus", hook.verificationStatus());
		json.put("uri", hook.uri());
		json.put("events", hook.eventTypes());
		return json;
	}

	Map<String, Object> person(OktaOrg org, OktaUser user) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", user.id());
		json.put("login", user.login());
		json.put("firstName", user.firstName());
		json.put("lastName", user.lastName());
		json.put("status", user.status());
		json.put("passwordImportHook", user.passwordImportHook());
		json.put("groups", org.groupNamesOf(user.id()));
		Map<String, String> apps = new LinkedHashMap<>();
		for (OktaApp app : org.apps().values()) {
			AppAccess.of(org, app, user)
				.ifPresent(assignment -> apps.put(app.label(), assignment.direct() ? "USER" : "GROUP"));
		}
		json.put("apps", apps);
		return json;
	}

}
