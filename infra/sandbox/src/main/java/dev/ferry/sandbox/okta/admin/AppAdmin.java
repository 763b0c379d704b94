package dev.ferry.sandbox.okta.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.IdGenerator;
import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaGroup;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;

/**
 * App assignments, for the management API and the control API: assign and unassign a
 * person directly ({@code scope: USER}) or a group, with the app membership events for
 * everyone whose access changed.
 */
@Component
public class AppAdmin {

	private final Clock clock;

	private final IdGenerator ids;

	private final AccessEvents access;

	public AppAdmin(Clock clock, IdGenerator ids, AccessEvents access) {
		this.clock = clock;
		this.ids = ids;
		this.access = access;
	}

	public OktaApp find(OktaOrg org, String appId) {
		OktaApp app = org.apps().get(appId);
		if (app == null) {
			throw OktaApiException.notFound(appId + " (AppInstance)");
		}
		return app;
	}

	/** By id or, for the control API, by label (case-insensitive). */
	public OktaApp findByIdOrLabel(OktaOrg org, String idOrLabel) {
		if (org.apps().containsKey(idOrLabel)) {
			return org.apps().get(idOrLabel);
		}
		return org.apps()
			.values()
			.stream()
			.filter(app -> app.label().equalsIgnoreCase(idOrLabel))
			.findFirst()
			.orElseThrow(() -> OktaApiException.notFound(idOrLabel + " (AppInstance)"));
	}

	/** Adds an app without events (seed and control API). */
	public OktaApp addApp(OktaOrg org, String name, String label, String signOnMode) {
		OktaApp app = new OktaApp(ids.next("0oa"), name, label, signOnMode, clock.instant(), ids);
		org.apps().put(app.id(), app);
		return app;
	}

	/**
	 * Assigns a person directly, or updates the direct assignment's user name and
	 * profile.
	 */
	public OktaApp.Assignment assignUser(OktaOrg org, Caller caller, OktaApp app, OktaUser user, String userName,
			Map<String, Object> profile) {
		var before = AppAccess.snapshot(org, List.of(user.id()));
		OktaApp.Assignment assignment;
		synchronized (org) {
			if ("DEPROVISIONED".equals(user.status())) {
				throw OktaApiException.validation("id", "id: Cannot assign a deactivated user to an application");
			}
			Instant now = clock.instant();
			OktaApp.Assignment existing = app.users().get(user.id());
			assignment = new OktaApp.Assignment(app.appUserId(user.id()), user.id(), true,
					existing == null ? now : existing.created(), now,
					userName == null ? (existing == null ? user.login() : existing.userName()) : userName,
					profile == null && existing != null ? existing.profile() : profile);
			app.users().put(user.id(), assignment);
		}
		access.report(org, caller, before);
		return assignment;
	}

	/**
	 * Removes a direct assignment; a person still in an assigned group keeps the app
	 * through it.
	 */
	public void unassignUser(OktaOrg org, Caller caller, OktaApp app, OktaUser user) {
		var before = AppAccess.snapshot(org, List.of(user.id()));
		synchronized (org) {
			if (app.users().remove(user.id()) == null && AppAccess.of(org, app, user).isEmpty()) {
				throw OktaApiException.notFound(user.id() + " (AppUser)");
			}
		}
		access.report(org, caller, before);
	}

	public OktaApp.GroupAssignment assignGroup(OktaOrg org, Caller caller, OktaApp app, OktaGroup group, int priority,
			Map<String, Object> profile) {
		var before = AppAccess.snapshot(org, members(org, group));
		OktaApp.GroupAssignment assignment = new OktaApp.GroupAssignment(group.id(), priority, clock.instant(),
				profile);
		synchronized (org) {
			app.groups().put(group.id(), assignment);
		}
		access.report(org, caller, before);
		return assignment;
	}

	public void unassignGroup(OktaOrg org, Caller caller, OktaApp app, OktaGroup group) {
		var before = AppAccess.snapshot(org, members(org, group));
		synchronized (org) {
			if (app.groups().remove(group.id()) == null) {
				throw OktaApiException.notFound(group.id() + " (ApplicationGroupAssignment)");
			}
		}
		access.report(org, caller, before);
	}

	private static List<String> members(OktaOrg org, OktaGroup group) {
		return new ArrayList<>(org.groupMembers().getOrDefault(group.id(), Set.of()));
	}

}
