package dev.ferry.sandbox.okta.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.IdGenerator;
import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaErrors;
import dev.ferry.sandbox.okta.OktaGroup;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.logs.OktaEvents;
import dev.ferry.sandbox.okta.logs.Targets;

/**
 * Groups and memberships, for the management API and the control API: create, rename,
 * delete, add and remove members, each with its System Log events; a membership change
 * that gives or takes an app (through a group assignment) also writes the app membership
 * events.
 */
@Component
public class GroupAdmin {

	private final Clock clock;

	private final IdGenerator ids;

	private final OktaEvents events;

	private final AccessEvents access;

	public GroupAdmin(Clock clock, IdGenerator ids, OktaEvents events, AccessEvents access) {
		this.clock = clock;
		this.ids = ids;
		this.events = events;
		this.access = access;
	}

	public OktaGroup find(OktaOrg org, String id) {
		OktaGroup group = org.groups().get(id);
		if (group == null) {
			throw OktaApiException.notFound(id + " (UserGroup)");
		}
		return group;
	}

	/** By id or, for the control API, by exact name. */
	public OktaGroup findByIdOrName(OktaOrg org, String idOrName) {
		if (org.groups().containsKey(idOrName)) {
			return org.groups().get(idOrName);
		}
		return org.groupNames()
			.entrySet()
			.stream()
			.filter(entry -> entry.getValue().equals(idOrName))
			.map(entry -> org.groups().get(entry.getKey()))
			.findFirst()
			.orElseThrow(() -> OktaApiException.notFound(idOrName + " (UserGroup)"));
	}

	/**
	 * Adds a group without events: the seed and new orgs ({@code Everyone} is BUILT_IN).
	 */
	public static OktaGroup seed(OktaOrg org, String id, String name, String type, String description, Instant at) {
		OktaGroup group = new OktaGroup(id, type, at, description);
		org.groups().put(id, group);
		org.groupNames().put(id, name);
		org.groupMembers().computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet());
		return group;
	}

	public OktaGroup create(OktaOrg org, Caller caller, Map<String, Object> profile) {
		String name = name(profile);
		OktaGroup group;
		synchronized (org) {
			if (org.groupNames().containsValue(name)) {
				throw OktaApiException.validation("name",
						"name: An object with this field already exists in the current organization");
			}
			group = seed(org, ids.next("00g"), name, "OKTA_GROUP", description(profile), clock.instant());
		}
		events.success(org, caller, "group.lifecycle.create", "Create Okta group",
				List.of(Targets.group(group.id(), name)));
		return group;
	}

	public OktaGroup update(OktaOrg org, Caller caller, OktaGroup group, Map<String, Object> profile) {
		requireOktaGroup(group);
		String name = name(profile);
		synchronized (org) {
			boolean taken = org.groupNames()
				.entrySet()
				.stream()
				.anyMatch(entry -> entry.getValue().equals(name) && !entry.getKey().equals(group.id()));
			if (taken) {
				throw OktaApiException.validation("name",
						"name: An object with this field already exists in the current organization");
			}
			org.groupNames().put(group.id(), name);
			group.updated(description(profile), clock.instant());
		}
		events.success(org, caller, "group.profile.update", "Update Okta group profile",
				List.of(Targets.group(group.id(), name)));
		return group;
	}

	public void delete(OktaOrg org, Caller caller, OktaGroup group) {
		requireOktaGroup(group);
		String name = org.groupNames().get(group.id());
		var before = AppAccess.snapshot(org, new ArrayList<>(org.groupMembers().getOrDefault(group.id(), Set.of())));
		synchronized (org) {
			org.apps().values().forEach(app -> app.groups().remove(group.id()));
			org.groups().remove(group.id());
			org.groupNames().remove(group.id());
			org.groupMembers().remove(group.id());
		}
		events.success(org, caller, "group.lifecycle.delete", "Delete Okta group",
				List.of(Targets.group(group.id(), name)));
		access.report(org, caller, before);
	}

	/** PUT member: idempotent, no event when the person is already a member. */
	public void addMember(OktaOrg org, Caller caller, String groupId, String userId) {
		OktaGroup group = find(org, groupId);
		requireOktaGroup(group);
		OktaUser user = org.user(userId).orElseThrow(() -> OktaApiException.notFound(userId + " (User)"));
		var before = AppAccess.snapshot(org, List.of(user.id()));
		boolean added;
		synchronized (org) {
			added = org.groupMembers().computeIfAbsent(group.id(), key -> ConcurrentHashMap.newKeySet()).add(user.id());
			if (added) {
				group.membershipChanged(clock.instant());
			}
		}
		if (added) {
			events.success(org, caller, "group.user_membership.add", "Add user to group membership",
					List.of(Targets.user(user), Targets.group(group.id(), org.groupNames().get(group.id()))));
			access.report(org, caller, before);
		}
	}

	public void removeMember(OktaOrg org, Caller caller, String groupId, String userId) {
		OktaGroup group = find(org, groupId);
		requireOktaGroup(group);
		OktaUser user = org.user(userId).orElseThrow(() -> OktaApiException.notFound(userId + " (User)"));
		var before = AppAccess.snapshot(org, List.of(user.id()));
		boolean removed;
		synchronized (org) {
			removed = org.groupMembers().getOrDefault(group.id(), Set.of()).remove(user.id());
			if (removed) {
				group.membershipChanged(clock.instant());
			}
		}
		if (removed) {
			events.success(org, caller, "group.user_membership.remove", "Remove user from group membership",
					List.of(Targets.user(user), Targets.group(group.id(), org.groupNames().get(group.id()))));
			access.report(org, caller, before);
		}
	}

	private static void requireOktaGroup(OktaGroup group) {
		if (!"OKTA_GROUP".equals(group.type())) {
			throw new OktaApiException(403,
					OktaErrors.body("E0000006", "You do not have permission to perform the requested action",
							List.of("Cannot modify the " + group.type() + " group")));
		}
	}

	private static String name(Map<String, Object> profile) {
		if (profile == null || !(profile.get("name") instanceof String name) || name.isBlank()) {
			throw OktaApiException.validation("name", "name: The field cannot be left blank");
		}
		if (name.length() > 255) {
			throw OktaApiException.validation("name", "name: The field must be at most 255 characters long");
		}
		return name;
	}

	private static String description(Map<String, Object> profile) {
		return profile.get("description") instanceof String description ? description : null;
	}

}
