package dev.ferry.sandbox.okta.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.admin.AppAccess;
import dev.ferry.sandbox.scim.ScimHttp;

/**
 * The requests Okta's SCIM client sends for each trigger (docs/scim.md, "The sandbox as a
 * SCIM client"): match by {@code userName} then create or link, PUT of the whole user
 * read back for a profile change, {@code active} and passwords by PATCH (OIN) or PUT
 * (custom app), groups created empty and filled by membership PATCHes. Every request is
 * written to the org's SCIM call log; bodies are not.
 */
@Component
class OktaScimRequests {

	/** Okta sends at most this many members in one membership PATCH. */
	static final int MEMBERS_PER_PATCH = 100;

	private final JsonMapper json;

	OktaScimRequests(JsonMapper json) {
		this.json = json;
	}

	/** One app's SCIM session: its connection, links and log. */
	final class Session {

		final OktaOrg org;

		final OktaApp app;

		final ScimProvisioning settings;

		final OktaScimState.AppLinks links;

		final String trigger;

		private final ScimHttp http;

		Session(OktaOrg org, OktaApp app, ScimProvisioning settings, String trigger) {
			this.org = org;
			this.app = app;
			this.settings = settings;
			this.links = org.extras().scim().app(app.id());
			this.trigger = trigger;
			this.http = new ScimHttp(settings.baseUrl(), settings.token(), "Okta SCIM Client 1.0.0", json);
		}

		ScimHttp.Answer send(String method, String path, Object body) {
			ScimHttp.Answer answer = http.send(method, path, body);
			org.extras().scim().log().add(app.id(), trigger, answer);
			return answer;
		}

	}

	Session session(OktaOrg org, OktaApp app, ScimProvisioning settings, String trigger) {
		return new Session(org, app, settings, trigger);
	}

	/**
	 * Assignment (or reassignment, reactivation): a linked person is activated; anyone
	 * else is looked up by userName and linked, or created when Create Users is on.
	 */
	void assigned(Session s, OktaUser user) {
		String linked = s.links.users.get(user.id());
		if (linked != null) {
			active(s, user, linked, true);
			return;
		}
		String userName = userName(s, user);
		ScimHttp.Answer lookup = s.send("GET", "/Users?filter="
				+ ScimHttp.encode("userName eq " + ScimHttp.quoted(userName)) + "&startIndex=1&count=100", null);
		JsonNode found = lookup.status() == 200 ? lookup.json().path("Resources").path(0) : null;
		String id;
		if (found != null && found.hasNonNull("id")) {
			id = found.path("id").asString();
			link(s, user, id);
			if (!found.path("active").asBoolean(true)) {
				active(s, user, id, true);
			}
		}
		else if ((lookup.status() == 200 || lookup.status() == 404) && s.settings.createUsers()) {
			Map<String, Object> body = user(s, user);
			// Okta always sends a password: the person's when Sync Password is on and it
			// knows it, otherwise a random one the service may ignore. The sandbox keeps
			// only hashes, so a create carries a random one.
			body.put("password", "Okta-" + UUID.randomUUID());
			body.put("active", true);
			ScimHttp.Answer created = s.send("POST", "/Users", body);
			if (created.status() == 201 && created.json().hasNonNull("id")) {
				link(s, user, created.json().path("id").asString());
			}
		}
	}

	/** Deactivated, suspended or unassigned: {@code active:false} if linked. */
	void deprovisioned(Session s, OktaUser user) {
		String id = s.links.users.get(user.id());
		if (id != null && s.settings.deactivateUsers()) {
			active(s, user, id, false);
		}
	}

	/** A profile change: GET the user, PUT it back with Okta's values. */
	void profileChanged(Session s, OktaUser user) {
		String id = s.links.users.get(user.id());
		if (id == null || !s.settings.updateUsers()) {
			return;
		}
		ObjectNode current = read(s, id);
		if (current == null) {
			return;
		}
		json.<ObjectNode>valueToTree(user(s, user)).properties().forEach(e -> current.set(e.getKey(), e.getValue()));
		s.send("PUT", "/Users/" + ScimHttp.encode(id), current);
	}

	void password(Session s, OktaUser user, String password) {
		String id = s.links.users.get(user.id());
		if (id == null || !s.settings.syncPassword()) {
			return;
		}
		if (s.settings.patches()) {
			s.send("PATCH", "/Users/" + ScimHttp.encode(id), patch(op("replace", null, Map.of("password", password))));
		}
		else {
			ObjectNode current = read(s, id);
			if (current != null) {
				current.put("password", password);
				s.send("PUT", "/Users/" + ScimHttp.encode(id), current);
			}
		}
	}

	/** Push Groups: create the group empty, then add the members already linked. */
	void pushGroup(Session s, String groupId) {
		String name = s.org.groupNames().get(groupId);
		if (name == null || s.links.groups.containsKey(groupId)) {
			return;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("schemas", List.of(ScimHttp.GROUP));
		body.put("displayName", name);
		body.put("members", List.of());
		ScimHttp.Answer created = s.send("POST", "/Groups", body);
		if (created.status() != 201 || !created.json().hasNonNull("id")) {
			return;
		}
		String scimId = created.json().path("id").asString();
		List<String> members;
		synchronized (s.links) {
			s.links.groups.put(groupId, scimId);
			members = linkedMembers(s, groupId);
		}
		if (!members.isEmpty()) {
			membersChanged(s, groupId, members, List.of());
		}
	}

	/**
	 * Members added to or removed from a pushed group (as SCIM ids). OIN: the rename
	 * PATCH Okta sends with every membership update, then the membership PATCHes; a
	 * custom app: a PUT of the whole group.
	 */
	void membersChanged(Session s, String groupId, List<String> added, List<String> removed) {
		String scimId = s.links.groups.get(groupId);
		if (scimId == null) {
			return;
		}
		String path = "/Groups/" + ScimHttp.encode(scimId);
		if (!s.settings.patches()) {
			putGroup(s, groupId, scimId);
			return;
		}
		s.send("PATCH", path, patch(renameOp(s, groupId, scimId)));
		for (int from = 0; from < added.size(); from += MEMBERS_PER_PATCH) {
			List<Map<String, Object>> values = new ArrayList<>();
			for (String member : added.subList(from, Math.min(added.size(), from + MEMBERS_PER_PATCH))) {
				values.add(Map.of("value", member, "display", display(s, member)));
			}
			s.send("PATCH", path, patch(op("add", "members", values)));
		}
		for (String member : removed) {
			s.send("PATCH", path, patch(op("remove", "members[value eq " + ScimHttp.quoted(member) + "]", null)));
		}
	}

	void renamed(Session s, String groupId) {
		String scimId = s.links.groups.get(groupId);
		if (scimId == null) {
			return;
		}
		if (s.settings.patches()) {
			s.send("PATCH", "/Groups/" + ScimHttp.encode(scimId), patch(renameOp(s, groupId, scimId)));
		}
		else {
			putGroup(s, groupId, scimId);
		}
	}

	/** Unlinked from the app, with or without "delete the group in the app". */
	void unlinkGroup(Session s, String groupId, boolean delete) {
		s.links.pushed.remove(groupId);
		String scimId = s.links.groups.remove(groupId);
		if (scimId != null && delete) {
			s.send("DELETE", "/Groups/" + ScimHttp.encode(scimId), null);
		}
	}

	/**
	 * Import: every user and group page by page ({@code count=100}), and which Okta
	 * person each user matches (by userName, else e-mail).
	 */
	Map<String, Object> importAll(Session s) {
		List<Map<String, Object>> users = new ArrayList<>();
		for (JsonNode resource : pages(s, "/Users")) {
			String userName = resource.path("userName").asString("");
			String email = resource.path("emails").path(0).path("value").asString("");
			Optional<OktaUser> match = s.org.userByLogin(userName)
				.or(() -> email.isEmpty() ? Optional.empty() : s.org.userByLogin(email));
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", resource.path("id").asString(null));
			row.put("userName", userName);
			row.put("active", resource.path("active").asBoolean(true));
			row.put("oktaUser", match.map(OktaUser::id).orElse(null));
			users.add(row);
		}
		List<Map<String, Object>> groups = new ArrayList<>();
		for (JsonNode resource : pages(s, "/Groups")) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", resource.path("id").asString(null));
			row.put("displayName", resource.path("displayName").asString(null));
			row.put("members", resource.path("members").size());
			groups.add(row);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("users", users);
		result.put("matched", users.stream().filter(row -> row.get("oktaUser") != null).count());
		result.put("groups", groups);
		return result;
	}

	private List<JsonNode> pages(Session s, String resource) {
		List<JsonNode> all = new ArrayList<>();
		for (int start = 1;; start += 100) {
			ScimHttp.Answer page = s.send("GET", resource + "?startIndex=" + start + "&count=100", null);
			JsonNode resources = page.json().path("Resources");
			if (page.status() != 200 || !resources.isArray() || resources.isEmpty()) {
				return all;
			}
			resources.forEach(all::add);
			if (all.size() >= page.json().path("totalResults").asInt(0)) {
				return all;
			}
		}
	}

	private void putGroup(Session s, String groupId, String scimId) {
		List<Map<String, Object>> members = new ArrayList<>();
		synchronized (s.links) {
			for (String member : linkedMembers(s, groupId)) {
				members.add(Map.of("value", member, "display", display(s, member)));
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("schemas", List.of(ScimHttp.GROUP));
		body.put("id", scimId);
		body.put("displayName", s.org.groupNames().getOrDefault(groupId, ""));
		body.put("members", members);
		s.send("PUT", "/Groups/" + ScimHttp.encode(scimId), body);
	}

	private Map<String, Object> renameOp(Session s, String groupId, String scimId) {
		return op("replace", null, Map.of("id", scimId, "displayName", s.org.groupNames().getOrDefault(groupId, "")));
	}

	/** Links a person and adds them to the pushed groups they are in. */
	private void link(Session s, OktaUser user, String scimId) {
		List<String> groups = new ArrayList<>();
		synchronized (s.links) {
			s.links.users.put(user.id(), scimId);
			s.links.groups.forEach((groupId, groupScimId) -> {
				if (s.org.groupMembers().getOrDefault(groupId, Set.of()).contains(user.id())) {
					groups.add(groupId);
				}
			});
		}
		for (String groupId : groups) {
			membersChanged(s, groupId, List.of(scimId), List.of());
		}
	}

	/** The SCIM ids of a group's members who are linked and assigned to the app. */
	private List<String> linkedMembers(Session s, String groupId) {
		List<String> members = new ArrayList<>();
		for (String userId : s.org.groupMembers().getOrDefault(groupId, Set.of())) {
			String scimId = s.links.users.get(userId);
			OktaUser user = s.org.user(userId).orElse(null);
			if (scimId != null && AppAccess.of(s.org, s.app, user).isPresent()) {
				members.add(scimId);
			}
		}
		members.sort(null);
		return members;
	}

	private String display(Session s, String scimId) {
		return s.links.users.entrySet()
			.stream()
			.filter(entry -> entry.getValue().equals(scimId))
			.findFirst()
			.flatMap(entry -> s.org.user(entry.getKey()))
			.map(OktaUser::login)
			.orElse(scimId);
	}

	private void active(Session s, OktaUser user, String id, boolean active) {
		if (s.settings.patches()) {
			s.send("PATCH", "/Users/" + ScimHttp.encode(id), patch(op("replace", null, Map.of("active", active))));
			return;
		}
		ObjectNode current = read(s, id);
		if (current != null) {
			current.put("active", active);
			s.send("PUT", "/Users/" + ScimHttp.encode(id), current);
		}
	}

	private ObjectNode read(Session s, String id) {
		ScimHttp.Answer answer = s.send("GET", "/Users/" + ScimHttp.encode(id), null);
		return answer.status() == 200 && answer.json() instanceof ObjectNode object ? object : null;
	}

	/** The user as Okta's default SCIM attribute mappings send it. */
	private Map<String, Object> user(Session s, OktaUser user) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("schemas", List.of(ScimHttp.USER));
		body.put("userName", userName(s, user));
		String first = String.valueOf(user.profile().getOrDefault("firstName", ""));
		String last = String.valueOf(user.profile().getOrDefault("lastName", ""));
		body.put("name", Map.of("givenName", first, "familyName", last));
		if (user.email() != null) {
			body.put("emails", List.of(Map.of("primary", true, "value", user.email(), "type", "work")));
		}
		body.put("displayName", (first + " " + last).trim());
		body.put("locale", String.valueOf(user.profile().getOrDefault("locale", "en-US")));
		body.put("externalId", user.id());
		body.put("groups", List.of());
		return body;
	}

	private static String userName(Session s, OktaUser user) {
		return AppAccess.of(s.org, s.app, user).map(OktaApp.Assignment::userName).orElse(user.login());
	}

	private static Map<String, Object> patch(Map<String, Object> op) {
		return Map.of("schemas", List.of(ScimHttp.PATCH_OP), "Operations", List.of(op));
	}

	private static Map<String, Object> op(String op, String path, Object value) {
		Map<String, Object> operation = new LinkedHashMap<>();
		operation.put("op", op);
		if (path != null) {
			operation.put("path", path);
		}
		if (value != null) {
			operation.put("value", value);
		}
		return operation;
	}

}
