package dev.ferry.sandbox.okta.admin;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.logs.OktaEvents;
import dev.ferry.sandbox.okta.logs.Targets;

/**
 * Writes {@code application.user_membership.add/remove} for every person whose app access
 * changed, however it changed: a direct (un)assignment, a group membership, a group
 * (un)assignment, a deactivation or a reactivation. Callers take a
 * {@link AppAccess#snapshot} before the change.
 */
@Component
class AccessEvents {

	private final OktaEvents events;

	AccessEvents(OktaEvents events) {
		this.events = events;
	}

	void report(OktaOrg org, Caller caller, Map<String, List<String>> before) {
		Map<String, List<String>> after = AppAccess.snapshot(org, before.keySet());
		before.forEach((userId, appsBefore) -> {
			List<String> appsAfter = after.getOrDefault(userId, List.of());
			OktaUser user = org.user(userId).orElse(null);
			if (user == null) {
				return;
			}
			for (String appId : appsAfter) {
				if (!appsBefore.contains(appId)) {
					emit(org, caller, "application.user_membership.add", "Add user to application membership", user,
							org.apps().get(appId));
				}
			}
			for (String appId : appsBefore) {
				if (!appsAfter.contains(appId) && org.apps().containsKey(appId)) {
					emit(org, caller, "application.user_membership.remove", "Remove user's application membership",
							user, org.apps().get(appId));
				}
			}
		});
	}

	private void emit(OktaOrg org, Caller caller, String type, String message, OktaUser user, OktaApp app) {
		events.success(org, caller, type, message, List
			.of(Targets.appUser(app.appUserId(user.id()), user.login(), user), Targets.app(app), Targets.user(user)));
	}

}
