package dev.ferry.sandbox.okta.scim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.admin.AppAccess;
import dev.ferry.sandbox.okta.logs.LogEvent;
import dev.ferry.sandbox.okta.logs.LogEventListener;

/**
 * Okta's provisioning to SCIM apps, driven by what happens in the org: every System Log
 * event of an admin action (an assignment, a profile change, a deactivation, a group
 * membership, a rename) becomes queued SCIM work for each app with SCIM provisioning, as
 * Okta sends it after the admin action has returned. Work runs on a few lanes; all work
 * for one person (or one group) runs on the same lane, in order, so assigning 500 people
 * returns at once and their requests still arrive in the order of their changes. Apps
 * without SCIM people push (none registered, or password sync only) get nothing here.
 */
@Component
public class OktaScimPush implements LogEventListener, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(OktaScimPush.class);

	static final int LANES = 4;

	private final OktaScimRequests requests;

	private final ExecutorService[] lanes = new ExecutorService[LANES];

	OktaScimPush(OktaScimRequests requests) {
		this.requests = requests;
		for (int i = 0; i < LANES; i++) {
			lanes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("okta-scim-" + i).factory());
		}
	}

	@Override
	public void appended(OktaOrg org, String baseUrl, LogEvent event) {
		if (org.extras().scimApps().isEmpty() || !"SUCCESS".equals(outcome(event))) {
			return;
		}
		String userId = target(event, "User").orElse(null);
		String groupId = target(event, "UserGroup").orElse(null);
		switch (event.eventType()) {
			case "application.user_membership.add" ->
				target(event, "AppInstance").ifPresent(app -> forUser(org, app, userId, "assign", requests::assigned));
			case "application.user_membership.remove" -> target(event, "AppInstance")
				.ifPresent(app -> forUser(org, app, userId, "unassign", requests::deprovisioned));
			case "user.lifecycle.suspend" -> forAssignedApps(org, userId, "suspend", requests::deprovisioned);
			case "user.lifecycle.unsuspend" -> forAssignedApps(org, userId, "unsuspend", requests::assigned);
			case "user.account.update_profile" -> forAssignedApps(org, userId, "profile", requests::profileChanged);
			case "group.user_membership.add", "group.user_membership.remove" -> {
				boolean add = event.eventType().endsWith("add");
				forPushedGroup(org, groupId, userId, add ? "group-add" : "group-remove",
						session -> membership(session, groupId, userId, add));
			}
			case "group.profile.update" ->
				forPushedGroup(org, groupId, groupId, "group-rename", session -> requests.renamed(session, groupId));
			case "group.lifecycle.delete" -> forPushedGroup(org, groupId, groupId, "group-delete",
					session -> requests.unlinkGroup(session, groupId, true));
			default -> {
			}
		}
	}

	/** Push Groups for one group: queued like every other change. */
	public void pushGroup(OktaOrg org, OktaApp app, String groupId) {
		ScimProvisioning settings = org.extras().scimApps().get(app.id());
		org.extras().scim().app(app.id()).pushed.add(groupId);
		enqueue(org, groupId, () -> requests.pushGroup(requests.session(org, app, settings, "push-group"), groupId));
	}

	public void unlinkGroup(OktaOrg org, OktaApp app, String groupId, boolean delete) {
		ScimProvisioning settings = org.extras().scimApps().get(app.id());
		enqueue(org, groupId,
				() -> requests.unlinkGroup(requests.session(org, app, settings, "unlink-group"), groupId, delete));
	}

	/**
	 * A password an admin set, for every SCIM app with Sync Password the person is in.
	 */
	public List<String> password(OktaOrg org, OktaUser user, String password) {
		List<String> queued = new ArrayList<>();
		org.extras().scimApps().forEach((appId, settings) -> {
			OktaApp app = org.apps().get(appId);
			if (app != null && settings.pushesPeople() && settings.syncPassword()
					&& AppAccess.of(org, app, user).isPresent()) {
				queued.add(appId);
				enqueue(org, user.id(),
						() -> requests.password(requests.session(org, app, settings, "password"), user, password));
			}
		});
		return queued;
	}

	/**
	 * The connection test Okta runs when the admin saves the app's provisioning settings
	 * ({@code GET /Users?startIndex=1&count=2}); its status and SCIM error detail.
	 */
	public Map<String, Object> testConnection(OktaOrg org, OktaApp app) {
		ScimProvisioning settings = org.extras().scimApps().get(app.id());
		var answer = requests.session(org, app, settings, "test-connection")
			.send("GET", "/Users?startIndex=1&count=2", null);
		Map<String, Object> result = new java.util.LinkedHashMap<>();
		result.put("status", answer.status());
		result.put("detail", answer.errorDetail());
		return result;
	}

	/** Import, run now (it only reads). */
	public Map<String, Object> importNow(OktaOrg org, OktaApp app) {
		ScimProvisioning settings = org.extras().scimApps().get(app.id());
		return requests.importAll(requests.session(org, app, settings, "import"));
	}

	/** Waits until the org's queue is empty; true when it is. */
	public boolean awaitIdle(OktaOrg org, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (org.extras().scim().pending().get() > 0) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

	private void membership(OktaScimRequests.Session session, String groupId, String userId, boolean add) {
		String member = session.links.users.get(userId);
		if (member == null) {
			return;
		}
		if (add && AppAccess.of(session.org, session.app, session.org.user(userId).orElse(null)).isEmpty()) {
			return;
		}
		requests.membersChanged(session, groupId, add ? List.of(member) : List.of(), add ? List.of() : List.of(member));
	}

	private void forUser(OktaOrg org, String appId, String userId, String trigger,
			BiConsumer<OktaScimRequests.Session, OktaUser> work) {
		ScimProvisioning settings = org.extras().scimApps().get(appId);
		OktaApp app = org.apps().get(appId);
		if (settings == null || app == null || userId == null || !settings.pushesPeople()) {
			return;
		}
		enqueue(org, userId, () -> org.user(userId)
			.ifPresent(user -> work.accept(requests.session(org, app, settings, trigger), user)));
	}

	private void forAssignedApps(OktaOrg org, String userId, String trigger,
			BiConsumer<OktaScimRequests.Session, OktaUser> work) {
		OktaUser user = userId == null ? null : org.user(userId).orElse(null);
		if (user == null) {
			return;
		}
		org.extras().scimApps().forEach((appId, settings) -> {
			OktaApp app = org.apps().get(appId);
			if (app != null && AppAccess.of(org, app, user).isPresent()) {
				forUser(org, appId, userId, trigger, work);
			}
		});
	}

	private void forPushedGroup(OktaOrg org, String groupId, String laneKey, String trigger,
			Consumer<OktaScimRequests.Session> work) {
		if (groupId == null) {
			return;
		}
		org.extras().scimApps().forEach((appId, settings) -> {
			OktaApp app = org.apps().get(appId);
			if (app != null && org.extras().scim().app(appId).pushed.contains(groupId)) {
				enqueue(org, laneKey == null ? groupId : laneKey,
						() -> work.accept(requests.session(org, app, settings, trigger)));
			}
		});
	}

	private void enqueue(OktaOrg org, String key, Runnable work) {
		org.extras().scim().pending().incrementAndGet();
		lanes[Math.floorMod(key.hashCode(), LANES)].execute(() -> {
			try {
				work.run();
			}
			catch (RuntimeException ex) {
				log.warn("Okta SCIM push failed in org {}", org.name(), ex);
			}
			finally {
				org.extras().scim().pending().decrementAndGet();
			}
		});
	}

	@SuppressWarnings("unchecked")
	private static Optional<String> target(LogEvent event, String type) {
		if (!(event.json().get("target") instanceof List<?> targets)) {
			return Optional.empty();
		}
		return targets.stream()
			.filter(Map.class::isInstance)
			.map(target -> (Map<String, Object>) target)
			.filter(target -> type.equals(target.get("type")))
			.map(target -> (String) target.get("id"))
			.findFirst();
	}

	@SuppressWarnings("unchecked")
	private static String outcome(LogEvent event) {
		return event.json().get("outcome") instanceof Map<?, ?> outcome ? (String) outcome.get("result") : null;
	}

	@Override
	public void destroy() {
		for (ExecutorService lane : lanes) {
			lane.shutdownNow();
		}
	}

}
