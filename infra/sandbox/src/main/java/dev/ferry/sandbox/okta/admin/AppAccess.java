package dev.ferry.sandbox.okta.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;

/**
 * Who is assigned to which app: directly ({@code scope: USER}) or through an assigned
 * group ({@code scope: GROUP}). Deactivated people have no assignment (deactivation
 * deprovisions from every app); their group memberships stay, so reactivation brings
 * group-derived assignments back.
 */
public final class AppAccess {

	private AppAccess() {
	}

	/** The person's effective assignment to the app, if any. */
	public static Optional<OktaApp.Assignment> of(OktaOrg org, OktaApp app, OktaUser user) {
		if (user == null || "DEPROVISIONED".equals(user.status())) {
			return Optional.empty();
		}
		OktaApp.Assignment direct = app.users().get(user.id());
		if (direct != null) {
			return Optional.of(direct);
		}
		for (OktaApp.GroupAssignment group : app.groups().values()) {
			Set<String> members = org.groupMembers().get(group.groupId());
			if (members != null && members.contains(user.id())) {
				return Optional.of(new OktaApp.Assignment(app.appUserId(user.id()), user.id(), false,
						group.lastUpdated(), group.lastUpdated(), user.login(), group.profile()));
			}
		}
		return Optional.empty();
	}

	/**
	 * The ids of the apps each given person is assigned to, to compare before and after a
	 * change.
	 */
	public static Map<String, List<String>> snapshot(OktaOrg org, Iterable<String> userIds) {
		Map<String, List<String>> result = new HashMap<>();
		for (String userId : userIds) {
			OktaUser user = org.user(userId).orElse(null);
			List<String> apps = new ArrayList<>();
			for (OktaApp app : org.apps().values()) {
				if (of(org, app, user).isPresent()) {
					apps.add(app.id());
				}
			}
			result.put(userId, apps);
		}
		return result;
	}

}
