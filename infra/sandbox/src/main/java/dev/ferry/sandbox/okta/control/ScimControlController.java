package dev.ferry.sandbox.okta.control;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaGroup;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaOrgs;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.admin.AppAccess;
import dev.ferry.sandbox.okta.admin.AppAdmin;
import dev.ferry.sandbox.okta.admin.GroupAdmin;
import dev.ferry.sandbox.okta.admin.UserAdmin;
import dev.ferry.sandbox.okta.scim.OktaScimPush;
import dev.ferry.sandbox.okta.scim.OktaScimState;
import dev.ferry.sandbox.okta.scim.ScimClient;
import dev.ferry.sandbox.okta.scim.ScimProvisioning;
import dev.ferry.sandbox.scim.ScimCallLog;

/**
 * SCIM provisioning of an app, as an Okta admin sets it up, and a password change that
 * Okta pushes to every SCIM app with "Sync Password" on that the person is assigned to
 * (docs/reference/okta.md §4.3, §8).
 */
@RestController
@RequestMapping("/sandbox/api/okta")
class ScimControlController {

	private final OktaOrgs orgs;

	private final UserAdmin users;

	private final AppAdmin apps;

	private final GroupAdmin groups;

	private final ScimClient scim;

	private final OktaScimPush push;

	ScimControlController(OktaOrgs orgs, UserAdmin users, AppAdmin apps, GroupAdmin groups, ScimClient scim,
			OktaScimPush push) {
		this.orgs = orgs;
		this.users = users;
		this.apps = apps;
		this.groups = groups;
		this.scim = scim;
		this.push = push;
	}

	/**
	 * {@code {"baseUrl", "token", "syncPassword", "createUsers", "updateUsers",
	 * "deactivateUsers", "mode": "OIN"|"AIW"}}: the app's SCIM connection (bearer token
	 * auth) and its To App settings (each off unless given as true; OIN by default).
	 */
	@PutMapping("/{org}/apps/{app}/scim")
	Map<String, Object> register(@PathVariable String org, @PathVariable String app,
			@RequestBody Map<String, Object> body) {
		OktaOrg target = org(org);
		OktaApp shareFile = apps.findByIdOrLabel(target, app);
		ScimProvisioning provisioning = new ScimProvisioning((String) body.get("baseUrl"), (String) body.get("token"),
				on(body, "syncPassword"), on(body, "createUsers"), on(body, "updateUsers"), on(body, "deactivateUsers"),
				ScimProvisioning.Mode.of(body.get("mode")));
		target.extras().scimApps().put(shareFile.id(), provisioning);
		Map<String, Object> answer = settings(shareFile, provisioning);
		if (provisioning.pushesPeople()) {
			// Okta tests the connection when provisioning is saved; the answer reports it
			// rather than refusing, so a service started later can still be registered
			answer.put("connectionTest", push.testConnection(target, shareFile));
		}
		return answer;
	}

	@GetMapping("/{org}/apps/{app}/scim")
	Map<String, Object> read(@PathVariable String org, @PathVariable String app) {
		OktaOrg target = org(org);
		OktaApp shareFile = apps.findByIdOrLabel(target, app);
		ScimProvisioning provisioning = registered(target, shareFile);
		Map<String, Object> answer = settings(shareFile, provisioning);
		OktaScimState.AppLinks links = target.extras().scim().app(shareFile.id());
		answer.put("users", links.users());
		answer.put("groups", links.groups());
		answer.put("pushedGroups", links.pushed());
		return answer;
	}

	/** Push Groups: the group (id or name) is pushed to the app; the push is queued. */
	@PutMapping("/{org}/apps/{app}/scim/groups/{group}")
	ResponseEntity<Map<String, Object>> pushGroup(@PathVariable String org, @PathVariable String app,
			@PathVariable String group) {
		OktaOrg target = org(org);
		OktaApp shareFile = apps.findByIdOrLabel(target, app);
		registered(target, shareFile);
		OktaGroup pushed = groups.findByIdOrName(target, group);
		push.pushGroup(target, shareFile, pushed.id());
		return ResponseEntity.accepted().body(Map.of("group", pushed.id(), "queued", true));
	}

	/**
	 * Unlinks a pushed group; {@code ?delete=true} is "Delete the group in the target
	 * app" (a SCIM DELETE).
	 */
	@DeleteMapping("/{org}/apps/{app}/scim/groups/{group}")
	ResponseEntity<Void> unlinkGroup(@PathVariable String org, @PathVariable String app, @PathVariable String group,
			@RequestParam(defaultValue = "false") boolean delete) {
		OktaOrg target = org(org);
		OktaApp shareFile = apps.findByIdOrLabel(target, app);
		registered(target, shareFile);
		push.unlinkGroup(target, shareFile, groups.findByIdOrName(target, group).id(), delete);
		return ResponseEntity.accepted().build();
	}

	/**
	 * Import (Import Now): reads the service's users and groups page by page and answers
	 * what it found and which Okta person each user matches.
	 */
	@PostMapping("/{org}/apps/{app}/scim/import")
	Map<String, Object> importNow(@PathVariable String org, @PathVariable String app) {
		OktaOrg target = org(org);
		OktaApp shareFile = apps.findByIdOrLabel(target, app);
		registered(target, shareFile);
		return push.importNow(target, shareFile);
	}

	/** The SCIM calls Okta made for the org's apps after a sequence number. */
	@GetMapping("/{org}/scim/log")
	List<ScimCallLog.Entry> log(@PathVariable String org, @RequestParam(defaultValue = "0") long after) {
		return org(org).extras().scim().log().after(after);
	}

	/**
	 * Waits (at most {@code timeoutSeconds}, 60 by default) until every queued SCIM call
	 * has been made.
	 */
	@PostMapping("/{org}/scim/idle")
	Map<String, Object> idle(@PathVariable String org, @RequestParam(defaultValue = "60") int timeoutSeconds)
			throws InterruptedException {
		OktaOrg target = org(org);
		boolean idle = push.awaitIdle(target, Duration.ofSeconds(Math.clamp(timeoutSeconds, 0, 600)));
		return Map.of("idle", idle, "pending", target.extras().scim().pending().get());
	}

	private static Map<String, Object> settings(OktaApp app, ScimProvisioning provisioning) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("app", app.id());
		answer.put("baseUrl", provisioning.baseUrl());
		answer.put("syncPassword", provisioning.syncPassword());
		answer.put("createUsers", provisioning.createUsers());
		answer.put("updateUsers", provisioning.updateUsers());
		answer.put("deactivateUsers", provisioning.deactivateUsers());
		answer.put("mode", provisioning.mode().name());
		return answer;
	}

	private static ScimProvisioning registered(OktaOrg org, OktaApp app) {
		ScimProvisioning provisioning = org.extras().scimApps().get(app.id());
		if (provisioning == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No SCIM provisioning for app " + app.id());
		}
		return provisioning;
	}

	private static boolean on(Map<String, Object> body, String setting) {
		return Boolean.TRUE.equals(body.get(setting));
	}

	/**
	 * {@code {"password"}}: an admin sets the person's Okta password (policy checked,
	 * System Log event), then, as Okta does, it is pushed to each assigned app with SCIM
	 * and Sync Password; the answer lists every SCIM call per password-sync-only app, and
	 * under {@code queued} the apps that push people (their calls are queued, see the
	 * log).
	 */
	@PostMapping("/{org}/users/{idOrLogin}/password")
	Map<String, Object> changePassword(@PathVariable String org, @PathVariable String idOrLogin,
			@RequestBody Map<String, Object> body, HttpServletRequest request) {
		OktaOrg target = org(org);
		OktaUser user = users.find(target, idOrLogin);
		if (!(body.get("password") instanceof String password) || password.isEmpty()) {
			throw new IllegalArgumentException("password is required");
		}
		users.update(target, ControlCallers.of(target, request), user,
				Map.of("credentials", Map.of("password", Map.of("value", password))), false);
		Map<String, List<ScimClient.Call>> pushed = new LinkedHashMap<>();
		target.extras().scimApps().forEach((appId, provisioning) -> {
			OktaApp app = apps.find(target, appId);
			if (!provisioning.pushesPeople() && provisioning.syncPassword()
					&& AppAccess.of(target, app, user).isPresent()) {
				pushed.put(appId, scim.pushPassword(provisioning, user, password));
			}
		});
		return Map.of("id", user.id(), "scim", pushed, "queued", push.password(target, user, password));
	}

	@ExceptionHandler(OktaApiException.class)
	ResponseEntity<Map<String, Object>> okta(OktaApiException ex) {
		return ResponseEntity.status(ex.status()).body(ex.body());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	private OktaOrg org(String name) {
		return orgs.find(name)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No Okta org named " + name));
	}

}
