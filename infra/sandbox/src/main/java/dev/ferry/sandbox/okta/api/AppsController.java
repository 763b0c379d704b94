package dev.ferry.sandbox.okta.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaGroup;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.admin.AppAccess;
import dev.ferry.sandbox.okta.admin.AppAdmin;
import dev.ferry.sandbox.okta.admin.GroupAdmin;

/**
 * {@code /api/v1/apps} (docs/reference/okta.md §4): apps, the people assigned to an app
 * (directly, {@code scope:
 * USER}, or through a group, {@code scope: GROUP}) and the groups assigned to it.
 */
@RestController
@RequestMapping("/okta/{orgName}/api/v1/apps")
class AppsController {

	private final AppAdmin apps;

	private final GroupAdmin groups;

	AppsController(AppAdmin apps, GroupAdmin groups) {
		this.apps = apps;
		this.groups = groups;
	}

	/**
	 * {@code q} matches the start of the label or the name; {@code limit} -1 (default)
	 * means all.
	 */
	@GetMapping
	ResponseEntity<List<Map<String, Object>>> list(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @RequestParam(required = false) String q,
			@RequestParam(required = false) String after, @RequestParam(defaultValue = "-1") int limit) {
		String prefix = q == null ? null : q.toLowerCase(Locale.ROOT);
		List<Map<String, Object>> page = new ArrayList<>();
		String last = null;
		boolean more = false;
		for (OktaApp app : (after == null ? org.apps() : org.apps().tailMap(after, false)).values()) {
			boolean matches = prefix == null || app.label().toLowerCase(Locale.ROOT).startsWith(prefix)
					|| app.name().toLowerCase(Locale.ROOT).startsWith(prefix);
			if (!matches) {
				continue;
			}
			if (limit > 0 && page.size() == limit) {
				more = true;
				break;
			}
			page.add(OktaJson.app(app, caller.baseUrl()));
			last = app.id();
		}
		return ResponseEntity.ok().headers(Paging.links(more ? last : null, limit)).body(page);
	}

	@GetMapping("/{appId}")
	Map<String, Object> get(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId) {
		return OktaJson.app(apps.find(org, appId), caller.baseUrl());
	}

	/**
	 * Everyone assigned, directly or through a group, in user-id order; {@code limit}
	 * defaults to 50.
	 */
	@GetMapping("/{appId}/users")
	ResponseEntity<List<Map<String, Object>>> appUsers(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@RequestParam(required = false) String after, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String q, @RequestParam(required = false) String expand) {
		OktaApp app = apps.find(org, appId);
		int pageSize = Paging.limit(limit, 50, 500);
		boolean embed = "user".equals(expand);
		// walk the org's people in id order from the cursor (they are kept sorted) and
		// keep those assigned
		// directly or through a group: a page costs its own size, not a sort of everyone
		// assigned, so paging
		// through 100,000 people is linear, as it is in Okta
		List<Set<String>> groupMembers = app.groups()
			.keySet()
			.stream()
			.map(groupId -> org.groupMembers().getOrDefault(groupId, Set.of()))
			.toList();
		String prefix = q == null ? null : q.toLowerCase(Locale.ROOT);
		List<Map<String, Object>> page = new ArrayList<>();
		String last = null;
		boolean more = false;
		for (OktaUser user : (after == null ? org.usersById() : org.usersById().tailMap(after, false)).values()) {
			String userId = user.id();
			if (!app.users().containsKey(userId)
					&& groupMembers.stream().noneMatch(members -> members.contains(userId))) {
				continue;
			}
			var assignment = AppAccess.of(org, app, user);
			if (assignment.isEmpty() || prefix != null && !matchesQ(user, assignment.get(), prefix)) {
				continue;
			}
			if (page.size() == pageSize) {
				more = true;
				break;
			}
			page.add(OktaJson.appUser(app, assignment.get(), user, caller.baseUrl(), embed));
			last = userId;
		}
		return ResponseEntity.ok().headers(Paging.links(more ? last : null, pageSize)).body(page);
	}

	@PostMapping("/{appId}/users")
	Map<String, Object> assign(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@RequestBody Map<String, Object> body) {
		if (!(body.get("id") instanceof String userId)) {
			throw OktaApiException.validation("id", "id: The field cannot be left blank");
		}
		return assignOrUpdate(org, caller, appId, userId, body);
	}

	@GetMapping("/{appId}/users/{userId}")
	Map<String, Object> appUser(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@PathVariable String userId, @RequestParam(required = false) String expand) {
		OktaApp app = apps.find(org, appId);
		OktaUser user = org.user(userId).orElse(null);
		OktaApp.Assignment assignment = AppAccess.of(org, app, user)
			.orElseThrow(() -> OktaApiException.notFound(userId + " (AppUser)"));
		return OktaJson.appUser(app, assignment, user, caller.baseUrl(), "user".equals(expand));
	}

	@PostMapping("/{appId}/users/{userId}")
	Map<String, Object> updateAppUser(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@PathVariable String userId, @RequestBody Map<String, Object> body) {
		return assignOrUpdate(org, caller, appId, userId, body);
	}

	@DeleteMapping("/{appId}/users/{userId}")
	ResponseEntity<Void> unassign(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@PathVariable String userId) {
		OktaApp app = apps.find(org, appId);
		OktaUser user = org.user(userId).orElseThrow(() -> OktaApiException.notFound(userId + " (User)"));
		apps.unassignUser(org, caller, app, user);
		return ResponseEntity.noContent().build();
	}

	/** Groups assigned to the app; {@code limit} defaults to 20 (min 20, max 200). */
	@GetMapping("/{appId}/groups")
	ResponseEntity<List<Map<String, Object>>> appGroups(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
		OktaApp app = apps.find(org, appId);
		int pageSize = Math.max(20, Paging.limit(limit, 20, 200));
		List<Map<String, Object>> page = new ArrayList<>();
		String last = null;
		boolean more = false;
		for (OktaApp.GroupAssignment assignment : (after == null ? app.groups() : app.groups().tailMap(after, false))
			.values()) {
			if (page.size() == pageSize) {
				more = true;
				break;
			}
			page.add(OktaJson.appGroup(app, assignment, caller.baseUrl()));
			last = assignment.groupId();
		}
		return ResponseEntity.ok().headers(Paging.links(more ? last : null, pageSize)).body(page);
	}

	@GetMapping("/{appId}/groups/{groupId}")
	Map<String, Object> appGroup(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@PathVariable String groupId) {
		OktaApp app = apps.find(org, appId);
		OktaApp.GroupAssignment assignment = app.groups().get(groupId);
		if (assignment == null) {
			throw OktaApiException.notFound(groupId + " (ApplicationGroupAssignment)");
		}
		return OktaJson.appGroup(app, assignment, caller.baseUrl());
	}

	@PutMapping("/{appId}/groups/{groupId}")
	@SuppressWarnings("unchecked")
	Map<String, Object> assignGroup(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@PathVariable String groupId, @RequestBody(required = false) Map<String, Object> body) {
		OktaApp app = apps.find(org, appId);
		OktaGroup group = groups.find(org, groupId);
		Map<String, Object> request = body == null ? Map.of() : body;
		int priority = request.get("priority") instanceof Number number ? number.intValue() : 0;
		Map<String, Object> profile = request.get("profile") instanceof Map<?, ?> p ? (Map<String, Object>) p
				: Map.of();
		return OktaJson.appGroup(app, apps.assignGroup(org, caller, app, group, priority, profile), caller.baseUrl());
	}

	@DeleteMapping("/{appId}/groups/{groupId}")
	ResponseEntity<Void> unassignGroup(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String appId,
			@PathVariable String groupId) {
		OktaApp app = apps.find(org, appId);
		apps.unassignGroup(org, caller, app, groups.find(org, groupId));
		return ResponseEntity.noContent().build();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> assignOrUpdate(OktaOrg org, Caller caller, String appId, String userId,
			Map<String, Object> body) {
		OktaApp app = apps.find(org, appId);
		OktaUser user = org.user(userId).orElseThrow(() -> OktaApiException.notFound(userId + " (User)"));
		String userName = body.get("credentials") instanceof Map<?, ?> credentials
				&& credentials.get("userName") instanceof String name ? name : null;
		Map<String, Object> profile = body.get("profile") instanceof Map<?, ?> p ? (Map<String, Object>) p : null;
		OktaApp.Assignment assignment = apps.assignUser(org, caller, app, user, userName, profile);
		return OktaJson.appUser(app, assignment, user, caller.baseUrl(), false);
	}

	private static boolean matchesQ(OktaUser user, OktaApp.Assignment assignment, String prefix) {
		for (String value : new String[] { assignment.userName(), user.firstName(), user.lastName(), user.email() }) {
			if (value != null && value.toLowerCase(Locale.ROOT).startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
