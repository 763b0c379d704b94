package dev.ferry.sandbox.okta.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaGroup;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaTime;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.hooks.EventHook;
import dev.ferry.sandbox.okta.hooks.InlineHook;

/**
 * The management API's JSON shapes (docs/reference/okta.md §4.1, §5): User, Group,
 * Application, AppUser, ApplicationGroupAssignment, EventHook, InlineHook. Passwords and
 * hook secrets are never written.
 */
public final class OktaJson {

	/** The default user type id every sandbox person has. */
	static final String USER_TYPE_ID = "otysandboxdefault0001";

	private OktaJson() {
	}

	public static Map<String, Object> user(OktaUser user, String base) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", user.id());
		json.put("status", user.status());
		json.put("created", OktaTime.format(user.created()));
		json.put("activated", OktaTime.format(user.activated()));
		json.put("statusChanged", OktaTime.format(user.statusChanged()));
		json.put("lastLogin", OktaTime.format(user.lastLogin()));
		json.put("lastUpdated", OktaTime.format(user.lastUpdated()));
		json.put("passwordChanged", OktaTime.format(user.passwordChanged()));
		json.put("type", Map.of("id", USER_TYPE_ID));
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("firstName", null);
		profile.put("lastName", null);
		profile.put("mobilePhone", null);
		profile.put("secondEmail", null);
		profile.putAll(user.profile());
		json.put("profile", profile);
		Map<String, Object> credentials = new LinkedHashMap<>();
		if (user.hasPassword() || user.passwordImportHook()) {
			credentials.put("password", Map.of());
		}
		credentials.put("provider", Map.of("type", "OKTA", "name", "OKTA"));
		json.put("credentials", credentials);
		json.put("_links", userLinks(user, base));
		return json;
	}

	private static Map<String, Object> userLinks(OktaUser user, String base) {
		String self = base + "/api/v1/users/" + user.id();
		Map<String, Object> links = new LinkedHashMap<>();
		links.put("self", Map.of("href", self));
		switch (user.status()) {
			case "STAGED" -> links.put("activate", post(self + "/lifecycle/activate"));
			case "PROVISIONED" -> links.put("reactivate", post(self + "/lifecycle/reactivate"));
			case "ACTIVE" -> {
				links.put("suspend", post(self + "/lifecycle/suspend"));
				links.put("resetPassword", post(self + "/lifecycle/reset_password"));
				links.put("expirePassword", post(self + "/lifecycle/expire_password"));
			}
			case "SUSPENDED" -> links.put("unsuspend", post(self + "/lifecycle/unsuspend"));
			case "DEPROVISIONED" -> {
				links.put("activate", post(self + "/lifecycle/activate"));
				links.put("delete", Map.of("href", self, "method", "DELETE"));
			}
			default -> {
			}
		}
		if (!"DEPROVISIONED".equals(user.status())) {
			links.put("deactivate", post(self + "/lifecycle/deactivate"));
		}
		links.put("type", Map.of("href", base + "/api/v1/meta/types/user/" + USER_TYPE_ID));
		return links;
	}

	private static Map<String, Object> post(String href) {
		return Map.of("href", href, "method", "POST");
	}

	public static Map<String, Object> group(OktaOrg org, OktaGroup group, String base) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", group.id());
		json.put("created", OktaTime.format(group.created()));
		json.put("lastUpdated", OktaTime.format(group.lastUpdated()));
		json.put("lastMembershipUpdated", OktaTime.format(group.lastMembershipUpdated()));
		json.put("objectClass", List.of("okta:user_group"));
		json.put("type", group.type());
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("name", org.groupNames().get(group.id()));
		profile.put("description", group.description());
		json.put("profile", profile);
		String self = base + "/api/v1/groups/" + group.id();
		json.put("_links", Map.of("logo", List.of(), "users", Map.of("href", self + "/users"), "apps",
				Map.of("href", self + "/apps")));
		return json;
	}

	public static Map<String, Object> app(OktaApp app, String base) {
		Map<String, Object> json = new LinkedHashMap<>();
		String self = base + "/api/v1/apps/" + app.id();
		json.put("id", app.id());
		json.put("name", app.name());
		json.put("label", app.label());
		json.put("status", app.status());
		json.put("lastUpdated", OktaTime.format(app.lastUpdated()));
		json.put("created", OktaTime.format(app.created()));
		json.put("accessibility", Map.of("selfService", false, "errorRedirectUrl", "", "loginRedirectUrl", ""));
		json.put("visibility", Map.of("autoSubmitToolbar", false, "hide", Map.of("iOS", false, "web", false)));
		json.put("features", List.of());
		json.put("signOnMode", app.signOnMode());
		json.put("credentials", Map.of("userNameTemplate", Map.of("template", "${source.login}", "type", "BUILT_IN")));
		json.put("settings", Map.of("app", Map.of()));
		json.put("_links", Map.of("self", Map.of("href", self), "users", Map.of("href", self + "/users"), "groups",
				Map.of("href", self + "/groups"), "deactivate", Map.of("href", self + "/lifecycle/deactivate")));
		return json;
	}

	/**
	 * An AppUser; {@code user} embeds the Okta user ({@code expand=user}) when not null.
	 */
	public static Map<String, Object> appUser(OktaApp app, OktaApp.Assignment assignment, OktaUser user, String base,
			boolean embedUser) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", assignment.userId());
		json.put("externalId", null);
		json.put("created", OktaTime.format(assignment.created()));
		json.put("lastUpdated", OktaTime.format(assignment.lastUpdated()));
		json.put("scope", assignment.direct() ? "USER" : "GROUP");
		json.put("status", "SUSPENDED".equals(user.status()) ? "SUSPENDED" : "ACTIVE");
		json.put("statusChanged", OktaTime.format(assignment.created()));
		json.put("passwordChanged", null);
		json.put("syncState", "DISABLED");
		json.put("lastSync", null);
		json.put("credentials", Map.of("userName", assignment.userName()));
		json.put("profile", assignment.profile());
		json.put("_links", Map.of("app", Map.of("href", base + "/api/v1/apps/" + app.id()), "user",
				Map.of("href", base + "/api/v1/users/" + assignment.userId())));
		if (embedUser) {
			json.put("_embedded", Map.of("user", user(user, base)));
		}
		return json;
	}

	public static Map<String, Object> appGroup(OktaApp app, OktaApp.GroupAssignment assignment, String base) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", assignment.groupId());
		json.put("lastUpdated", OktaTime.format(assignment.lastUpdated()));
		json.put("priority", assignment.priority());
		json.put("profile", assignment.profile());
		json.put("_links", Map.of("app", Map.of("href", base + "/api/v1/apps/" + app.id()), "group",
				Map.of("href", base + "/api/v1/groups/" + assignment.groupId())));
		return json;
	}

	public static Map<String, Object> eventHook(EventHook hook, String base) {
		Map<String, Object> json = new LinkedHashMap<>();
		String self = base + "/api/v1/eventHooks/" + hook.id();
		json.put("id", hook.id());
		json.put("status", hook.status());
		json.put("verificationStatus", hook.verificationStatus());
		json.put("name", hook.name());
		json.put("description", hook.description());
		json.put("created", OktaTime.format(hook.created()));
		json.put("createdBy", hook.createdBy());
		json.put("lastUpdated", OktaTime.format(hook.lastUpdated()));
		Map<String, Object> events = new LinkedHashMap<>();
		events.put("type", "EVENT_TYPE");
		events.put("items", hook.eventTypes());
		events.put("filter", null);
		json.put("events", events);
		json.put("channel", channel(hook.uri(), hook.headers(), hook.authScheme()));
		Map<String, Object> links = new LinkedHashMap<>();
		links.put("self", Map.of("href", self));
		links.put("verify", post(self + "/lifecycle/verify"));
		links.put("ACTIVE".equals(hook.status()) ? "deactivate" : "activate",
				post(self + "/lifecycle/" + ("ACTIVE".equals(hook.status()) ? "deactivate" : "activate")));
		json.put("_links", links);
		return json;
	}

	public static Map<String, Object> inlineHook(InlineHook hook, String base) {
		Map<String, Object> json = new LinkedHashMap<>();
		String self = base + "/api/v1/inlineHooks/" + hook.id();
		json.put("id", hook.id());
		json.put("status", hook.status());
		json.put("name", hook.name());
		json.put("type", hook.type());
		json.put("version", hook.version());
		json.put("channel", channel(hook.uri(), hook.headers(), hook.authScheme()));
		json.put("created", OktaTime.format(hook.created()));
		json.put("lastUpdated", OktaTime.format(hook.lastUpdated()));
		json.put("_links", Map.of("self", Map.of("href", self), "deactivate", post(self + "/lifecycle/deactivate")));
		return json;
	}

	private static Map<String, Object> channel(String uri, List<Map<String, String>> headers,
			Map<String, String> authScheme) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("uri", uri);
		config.put("headers", headers);
		config.put("method", "POST");
		if (authScheme != null) {
			Map<String, Object> scheme = new LinkedHashMap<>();
			scheme.put("type", authScheme.getOrDefault("type", "HEADER"));
			scheme.put("key", authScheme.get("key"));
			config.put("authScheme", scheme);
		}
		Map<String, Object> channel = new LinkedHashMap<>();
		channel.put("type", "HTTP");
		channel.put("version", "1.0.0");
		channel.put("config", config);
		return channel;
	}

}
