package dev.ferry.sandbox.okta.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

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
import dev.ferry.sandbox.okta.OktaGroup;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.ScimFilter;
import dev.ferry.sandbox.okta.admin.GroupAdmin;

/**
 * {@code /api/v1/groups} (docs/reference/okta.md §4): groups, their members, and
 * membership changes.
 */
@RestController
@RequestMapping("/okta/{orgName}/api/v1/groups")
class GroupsController {

	private final GroupAdmin groups;

	GroupsController(GroupAdmin groups) {
		this.groups = groups;
	}

	@GetMapping
	ResponseEntity<List<Map<String, Object>>> list(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @RequestParam(required = false) String q,
			@RequestParam(required = false) String filter, @RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit) {
		Predicate<OktaGroup> predicate = group -> true;
		if (q != null) {
			String prefix = q.toLowerCase(Locale.ROOT);
			predicate = group -> org.groupNames()
				.getOrDefault(group.id(), "")
				.toLowerCase(Locale.ROOT)
				.startsWith(prefix);
		}
		if (filter != null) {
			predicate = predicate.and(filter(filter));
		}
		int pageSize = Paging.limit(limit, q != null ? 300 : 10_000, 10_000);
		List<Map<String, Object>> page = new ArrayList<>();
		String last = null;
		boolean more = false;
		java.util.NavigableMap<String, OktaGroup> ordered = new java.util.TreeMap<>(org.groups());
		for (OktaGroup group : (after == null ? ordered : ordered.tailMap(after, false)).values()) {
			if (!predicate.test(group)) {
				continue;
			}
			if (page.size() == pageSize) {
				more = true;
				break;
			}
			page.add(OktaJson.group(org, group, caller.baseUrl()));
			last = group.id();
		}
		return ResponseEntity.ok().headers(Paging.links(more && q == null ? last : null, pageSize)).body(page);
	}

	@PostMapping
	@SuppressWarnings("unchecked")
	Map<String, Object> create(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @RequestBody Map<String, Object> body) {
		Map<String, Object> profile = body.get("profile") instanceof Map<?, ?> p ? (Map<String, Object>) p : null;
		return OktaJson.group(org, groups.create(org, caller, profile), caller.baseUrl());
	}

	@GetMapping("/{groupId}")
	Map<String, Object> get(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String groupId) {
		return OktaJson.group(org, groups.find(org, groupId), caller.baseUrl());
	}

	@PutMapping("/{groupId}")
	@SuppressWarnings("unchecked")
	Map<String, Object> replace(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String groupId,
			@RequestBody Map<String, Object> body) {
		Map<String, Object> profile = body.get("profile") instanceof Map<?, ?> p ? (Map<String, Object>) p : null;
		return OktaJson.group(org, groups.update(org, caller, groups.find(org, groupId), profile), caller.baseUrl());
	}

	@DeleteMapping("/{groupId}")
	ResponseEntity<Void> delete(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String groupId) {
		groups.delete(org, caller, groups.find(org, groupId));
		return ResponseEntity.noContent().build();
	}

	/**
	 * Members in id order; {@code limit} defaults to 1000 (docs/reference/okta.md §4).
	 */
	@GetMapping("/{groupId}/users")
	ResponseEntity<List<Map<String, Object>>> members(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String groupId,
			@RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
		OktaGroup group = groups.find(org, groupId);
		int pageSize = Paging.limit(limit, 1000, 10_000);
		TreeSet<String> memberIds = new TreeSet<>(org.groupMembers().getOrDefault(group.id(), Set.of()));
		List<Map<String, Object>> page = new ArrayList<>();
		String last = null;
		boolean more = false;
		for (String userId : after == null ? memberIds : memberIds.tailSet(after, false)) {
			OktaUser user = org.user(userId).orElse(null);
			if (user == null) {
				continue;
			}
			if (page.size() == pageSize) {
				more = true;
				break;
			}
			page.add(OktaJson.user(user, caller.baseUrl()));
			last = userId;
		}
		return ResponseEntity.ok().headers(Paging.links(more ? last : null, pageSize)).body(page);
	}

	@PutMapping("/{groupId}/users/{userId}")
	ResponseEntity<Void> addMember(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String groupId,
			@PathVariable String userId) {
		groups.addMember(org, caller, groupId, userId);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{groupId}/users/{userId}")
	ResponseEntity<Void> removeMember(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestAttribute(OktaApiGate.CALLER) Caller caller, @PathVariable String groupId,
			@PathVariable String userId) {
		groups.removeMember(org, caller, groupId, userId);
		return ResponseEntity.noContent().build();
	}

	/**
	 * {@code filter} on id, type, lastUpdated and lastMembershipUpdated
	 * (docs/reference/okta.md §4).
	 */
	private static Predicate<OktaGroup> filter(String expression) {
		Set<String> fields = Set.of("id", "type", "lastUpdated", "lastMembershipUpdated");
		try {
			return ScimFilter.parse(expression, new ScimFilter.Rules() {
				@Override
				public void check(String attribute, String operator) {
					if (!fields.contains(attribute)) {
						throw new IllegalArgumentException(
								"Invalid filter expression: filtering on '" + attribute + "' is not supported");
					}
					if (!operator.equals("eq") && !attribute.startsWith("last")) {
						throw new IllegalArgumentException("Invalid filter expression: operator '" + operator
								+ "' is not supported on '" + attribute + "'");
					}
				}

				@Override
				public boolean isDate(String attribute) {
					return attribute.startsWith("last");
				}

				@Override
				public boolean caseInsensitiveValues() {
					return false;
				}

				@Override
				public boolean allowNot() {
					return false;
				}
			}, (group, attribute) -> {
				Object value = switch (attribute) {
					case "id" -> group.id();
					case "type" -> group.type();
					case "lastUpdated" -> group.lastUpdated();
					default -> group.lastMembershipUpdated();
				};
				return List.of(value);
			});
		}
		catch (IllegalArgumentException ex) {
			throw OktaApiException.badRequest("filter: " + ex.getMessage());
		}
	}

}
