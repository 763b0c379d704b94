package dev.ferry.sandbox.okta.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.IdGenerator;
import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaErrors;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.logs.OktaEvents;
import dev.ferry.sandbox.okta.logs.Targets;

/**
 * Every change to people, for the management API and the control API alike: create,
 * profile and password updates, the lifecycle state machine (docs/reference/okta.md §4.2)
 * and delete, each writing its System Log events. Writers hold the org's lock; events are
 * written after the change.
 */
@Component
public class UserAdmin {

	static final String DUPLICATE_LOGIN = "login: An object with this field already exists in the current organization";

	private final Clock clock;

	private final IdGenerator ids;

	private final OktaEvents events;

	private final AccessEvents access;

	private final GroupAdmin groups;

	public UserAdmin(Clock clock, IdGenerator ids, OktaEvents events, AccessEvents access, GroupAdmin groups) {
		this.clock = clock;
		this.ids = ids;
		this.events = events;
		this.access = access;
		this.groups = groups;
	}

	/** An id, a login, or an unambiguous short login (the part before the {@code @}). */
	public OktaUser find(OktaOrg org, String idOrLogin) {
		OktaUser user = org.user(idOrLogin).or(() -> org.userByLogin(idOrLogin)).orElse(null);
		if (user == null && !idOrLogin.contains("@")) {
			List<OktaUser> candidates = org.users()
				.stream()
				.filter(u -> u.login() != null && u.login().toLowerCase().startsWith(idOrLogin.toLowerCase() + "@"))
				.limit(2)
				.toList();
			user = candidates.size() == 1 ? candidates.get(0) : null;
		}
		if (user == null) {
			throw OktaApiException.notFound(idOrLogin + " (User)");
		}
		return user;
	}

	/**
	 * Creates a person (docs/reference/okta.md §4.1): STAGED when {@code activate} is
	 * false, ACTIVE with a password or a password-import hook, PROVISIONED without.
	 */
	@SuppressWarnings("unchecked")
	public OktaUser create(OktaOrg org, Caller caller, Map<String, Object> body, boolean activate) {
		if (!(body.get("profile") instanceof Map<?, ?> rawProfile)) {
			throw OktaApiException.validation("profile", "profile: The field cannot be left blank");
		}
		Map<String, Object> profile = new LinkedHashMap<>((Map<String, Object>) rawProfile);
		ProfileRules.check(profile);
		Credentials credentials = Credentials.from(body.get("credentials"));
		if (credentials.password() != null) {
			ProfileRules.checkPassword(credentials.password(), (String) profile.get("login"));
		}
		List<String> groupIds = body.get("groupIds") instanceof List<?> list
				? list.stream().map(String::valueOf).toList() : List.of();
		for (String groupId : groupIds) {
			if (!org.groupNames().containsKey(groupId)) {
				throw OktaApiException.validation("groupIds", "groupIds: Invalid group id " + groupId);
			}
		}
		OktaUser user;
		Instant now = clock.instant();
		synchronized (org) {
			if (org.userByLogin((String) profile.get("login")).isPresent()) {
				throw OktaApiException.validation("login", DUPLICATE_LOGIN);
			}
			user = new OktaUser(ids.next("00u"), now, "STAGED");
			user.profile().putAll(profile);
			if (credentials.password() != null) {
				user.password(credentials.password(), now);
			}
			user.passwordImportHook(credentials.hook());
			if (activate) {
				user.status(user.hasPassword() || credentials.hook() ? "ACTIVE" : "PROVISIONED", now);
			}
			org.put(user);
			org.groups()
				.values()
				.stream()
				.filter(g -> "BUILT_IN".equals(g.type()))
				.forEach(everyone -> org.groupMembers()
					.computeIfAbsent(everyone.id(), k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
					.add(user.id()));
		}
		events.success(org, caller, "user.lifecycle.create", "Create Okta user", List.of(Targets.user(user)));
		if (activate) {
			events.success(org, caller, "user.lifecycle.activate", "Activate Okta user", List.of(Targets.user(user)));
		}
		for (String groupId : groupIds) {
			groups.addMember(org, caller, groupId, user.id());
		}
		return user;
	}

	/**
	 * POST (partial: the given profile properties change, the rest stay) or PUT (full:
	 * the profile is replaced, omitted properties are removed). A password in
	 * {@code credentials} is an admin set.
	 */
	@SuppressWarnings("unchecked")
	public OktaUser update(OktaOrg org, Caller caller, OktaUser user, Map<String, Object> body, boolean replace) {
		Map<String, Object> changes = body.get("profile") instanceof Map<?, ?> p ? (Map<String, Object>) p : null;
		if (replace && changes == null) {
			throw OktaApiException.validation("profile", "profile: The field cannot be left blank");
		}
		Credentials credentials = Credentials.from(body.get("credentials"));
		Map<String, Object> changed = new LinkedHashMap<>();
		synchronized (org) {
			Map<String, Object> next = new LinkedHashMap<>(replace ? Map.of() : user.profile());
			if (changes != null) {
				next.putAll(changes);
			}
			ProfileRules.check(next);
			String login = (String) next.get("login");
			org.userByLogin(login).filter(other -> !other.id().equals(user.id())).ifPresent(other -> {
				throw OktaApiException.validation("login", DUPLICATE_LOGIN);
			});
			if (credentials.password() != null) {
				ProfileRules.checkPassword(credentials.password(), login);
			}
			Set<String> keys = new java.util.LinkedHashSet<>(user.profile().keySet());
			keys.addAll(next.keySet());
			for (String key : keys) {
				if (!Objects.equals(user.profile().get(key), next.get(key))) {
					Map<String, Object> change = new LinkedHashMap<>();
					change.put("from", user.profile().get(key));
					change.put("to", next.get(key));
					changed.put(key, change);
				}
			}
			Instant now = clock.instant();
			if (!changed.isEmpty()) {
				user.profile().clear();
				user.profile().putAll(next);
				org.reindexLogin(user);
				user.touched(now);
			}
			if (credentials.password() != null) {
				user.password(credentials.password(), now);
				user.touched(now);
			}
		}
		if (!changed.isEmpty()) {
			events.success(org, caller, "user.account.update_profile", "Update user profile for Okta",
					List.of(Targets.withChanges(Targets.user(user), Map.of("to", changed))));
		}
		if (credentials.password() != null) {
			events.success(org, caller, "user.account.update_password", "Update password for Okta user",
					List.of(Targets.user(user)));
		}
		return user;
	}

	/**
	 * STAGED or DEPROVISIONED → ACTIVE (with a password) or PROVISIONED; returns the
	 * activation body.
	 */
	public Map<String, Object> activate(OktaOrg org, Caller caller, OktaUser user, boolean sendEmail) {
		var before = AppAccess.snapshot(org, List.of(user.id()));
		synchronized (org) {
			if (!Set.of("STAGED", "DEPROVISIONED").contains(user.status())) {
				throw new OktaApiException(403,
						OktaErrors.body("E0000016", "Activation failed because the user is already active", List.of()));
			}
			user.status(user.hasPassword() || user.passwordImportHook() ? "ACTIVE" : "PROVISIONED", clock.instant());
		}
		events.success(org, caller, "user.lifecycle.activate", "Activate Okta user", List.of(Targets.user(user)));
		access.report(org, caller, before);
		return activationBody(caller, sendEmail);
	}

	/**
	 * Any status but DEPROVISIONED → DEPROVISIONED; deprovisions the person from every
	 * app.
	 */
	public void deactivate(OktaOrg org, Caller caller, OktaUser user) {
		var before = AppAccess.snapshot(org, List.of(user.id()));
		synchronized (org) {
			if ("DEPROVISIONED".equals(user.status())) {
				throw OktaApiException.lifecycle("Cannot deactivate a user that is already deactivated");
			}
			user.status("DEPROVISIONED", clock.instant());
			org.apps().values().forEach(app -> app.users().remove(user.id()));
		}
		events.success(org, caller, "user.lifecycle.deactivate", "Deactivate Okta user", List.of(Targets.user(user)));
		access.report(org, caller, before);
	}

	public void suspend(OktaOrg org, Caller caller, OktaUser user) {
		transition(org, user, "ACTIVE", "SUSPENDED", "Cannot suspend a user that is not active");
		events.success(org, caller, "user.lifecycle.suspend", "Suspend Okta user", List.of(Targets.user(user)));
	}

	public void unsuspend(OktaOrg org, Caller caller, OktaUser user) {
		transition(org, user, "SUSPENDED", "ACTIVE", "Cannot unsuspend a user that is not suspended");
		events.success(org, caller, "user.lifecycle.unsuspend", "Unsuspend Okta user", List.of(Targets.user(user)));
	}

	/** PROVISIONED or RECOVERY: restarts activation (a new activation token). */
	public Map<String, Object> reactivate(OktaOrg org, Caller caller, OktaUser user, boolean sendEmail) {
		synchronized (org) {
			if (!Set.of("PROVISIONED", "RECOVERY").contains(user.status())) {
				throw new OktaApiException(403, OktaErrors.body("E0000038",
						"This operation is not allowed in the user's current status.", List.of()));
			}
			user.touched(clock.instant());
		}
		events.success(org, caller, "user.lifecycle.reactivate", "Reactivate Okta user", List.of(Targets.user(user)));
		return activationBody(caller, sendEmail);
	}

	/** DELETE: the first call on a person who is not DEPROVISIONED only deactivates. */
	public void delete(OktaOrg org, Caller caller, OktaUser user) {
		if (!"DEPROVISIONED".equals(user.status())) {
			deactivate(org, caller, user);
			return;
		}
		synchronized (org) {
			org.remove(user.id());
		}
		events.success(org, caller, "user.lifecycle.delete.initiated", "Delete Okta user", List.of(Targets.user(user)));
	}

	private void transition(OktaOrg org, OktaUser user, String from, String to, String refusal) {
		synchronized (org) {
			if (!from.equals(user.status())) {
				throw OktaApiException.lifecycle(refusal);
			}
			user.status(to, clock.instant());
		}
	}

	private static Map<String, Object> activationBody(Caller caller, boolean sendEmail) {
		if (sendEmail) {
			return Map.of();
		}
		String token = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
		return Map.of("activationUrl", caller.baseUrl() + "/welcome/" + token, "activationToken", token);
	}

	/**
	 * The parts of {@code credentials} the sandbox honours: a cleartext password or the
	 * import hook.
	 */
	record Credentials(String password, boolean hook) {

		static Credentials from(Object raw) {
			if (raw instanceof Map<?, ?> credentials && credentials.get("password") instanceof Map<?, ?> password) {
				Object value = password.get("value");
				boolean hook = password.get("hook") instanceof Map<?, ?>;
				if (value != null && !(value instanceof String)) {
					throw OktaApiException.validation("password", "password: Does not match required pattern");
				}
				return new Credentials((String) value, hook);
			}
			return new Credentials(null, false);
		}

	}

}
