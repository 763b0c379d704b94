package dev.ferry.sandbox.okta.control;

import java.util.LinkedHashMap;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaOrgs;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.PasswordImport;
import dev.ferry.sandbox.okta.admin.AppAdmin;
import dev.ferry.sandbox.okta.admin.GroupAdmin;
import dev.ferry.sandbox.okta.admin.UserAdmin;
import dev.ferry.sandbox.okta.api.RateLimits;

/**
 * The Okta part of the control API ({@code /sandbox/api/okta/...}, JSON, no auth): what
 * an Okta admin would do in the Admin Console, done through the same code as the
 * management API, so every change writes the same System Log events and reaches event
 * hooks the same way.
 */
@RestController
@RequestMapping("/sandbox/api/okta")
class OktaControlController {

	private final OktaOrgs orgs;

	private final UserAdmin users;

	private final GroupAdmin groups;

	private final AppAdmin apps;

	private final BulkPeople bulk;

	private final PasswordImport passwordImport;

	private final OrgState state;

	OktaControlController(OktaOrgs orgs, UserAdmin users, GroupAdmin groups, AppAdmin apps, BulkPeople bulk,
			PasswordImport passwordImport, OrgState state) {
		this.orgs = orgs;
		this.users = users;
		this.groups = groups;
		this.apps = apps;
		this.bulk = bulk;
		this.passwordImport = passwordImport;
		this.state = state;
	}

	/**
	 * {@code {"name": "initech", "shareFileApp": true}}: a new org with its Everyone
	 * group and SSWS token.
	 */
	@PostMapping("/orgs")
	ResponseEntity<Map<String, Object>> createOrg(@RequestBody Map<String, Object> body) {
		if (!(body.get("name") instanceof String name) || !name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
			throw new IllegalArgumentException("name must be 1-40 characters of a-z, 0-9 and '-'");
		}
		boolean existed = orgs.find(name).isPresent();
		OktaOrg org = orgs.create(name);
		if (!existed && Boolean.TRUE.equals(body.get("shareFileApp"))) {
			apps.addApp(org, "citrixsharefile", "ShareFile", "SAML_2_0");
		}
		return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(state.summary(org, false));
	}

	@GetMapping("/{org}")
	Map<String, Object> read(@PathVariable String org) {
		return state.summary(org(org), true);
	}

	/**
	 * The Okta create-user body ({@code profile}, {@code credentials}, {@code groupIds})
	 * plus {@code activate}.
	 */
	@PostMapping("/{org}/users")
	Map<String, Object> createUser(@PathVariable String org, @RequestBody Map<String, Object> body,
			HttpServletRequest request) {
		OktaOrg target = org(org);
		boolean activate = !Boolean.FALSE.equals(body.get("activate"));
		return state.person(target, users.create(target, ControlCallers.of(target, request), body, activate));
	}

	/**
	 * {@code {"count": 100000, "prefix": "load"}}: generates ACTIVE people without
	 * per-person events.
	 */
	@PostMapping("/{org}/users/bulk")
	Map<String, Object> bulk(@PathVariable String org, @RequestBody Map<String, Object> body) {
		OktaOrg target = org(org);
		int count = body.get("count") instanceof Number n ? n.intValue() : 0;
		long started = System.nanoTime();
		int total = bulk.generate(target, count, body.get("prefix") instanceof String p ? p : null);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("created", count);
		result.put("users", total);
		result.put("millis", (System.nanoTime() - started) / 1_000_000);
		return result;
	}

	/** Partial profile change: {@code {"department": "Sales"}}. */
	@PostMapping("/{org}/users/{idOrLogin}/profile")
	Map<String, Object> profile(@PathVariable String org, @PathVariable String idOrLogin,
			@RequestBody Map<String, Object> changes, HttpServletRequest request) {
		OktaOrg target = org(org);
		OktaUser user = users.update(target, ControlCallers.of(target, request), users.find(target, idOrLogin),
				Map.of("profile", changes), false);
		return state.person(target, user);
	}

	/**
	 * {@code activate}, {@code deactivate}, {@code suspend}, {@code unsuspend},
	 * {@code reactivate}.
	 */
	@PostMapping("/{org}/users/{idOrLogin}/lifecycle/{operation}")
	Map<String, Object> lifecycle(@PathVariable String org, @PathVariable String idOrLogin,
			@PathVariable String operation, HttpServletRequest request) {
		OktaOrg target = org(org);
		Caller caller = ControlCallers.of(target, request);
		OktaUser user = users.find(target, idOrLogin);
		switch (operation) {
			case "activate" -> users.activate(target, caller, user, true);
			case "deactivate" -> users.deactivate(target, caller, user);
			case "suspend" -> users.suspend(target, caller, user);
			case "unsuspend" -> users.unsuspend(target, caller, user);
			case "reactivate" -> users.reactivate(target, caller, user, true);
			default -> throw new IllegalArgumentException("Unknown lifecycle operation: " + operation);
		}
		return state.person(target, user);
	}

	/**
	 * Okta's delete: deactivates first; a second call (on a DEPROVISIONED person)
	 * deletes.
	 */
	@DeleteMapping("/{org}/users/{idOrLogin}")
	ResponseEntity<Void> deleteUser(@PathVariable String org, @PathVariable String idOrLogin,
			HttpServletRequest request) {
		OktaOrg target = org(org);
		users.delete(target, ControlCallers.of(target, request), users.find(target, idOrLogin));
		return ResponseEntity.noContent().build();
	}

	/**
	 * Simulates the person's first sign-in: {@code {"password": "..."}} goes to the
	 * password import hook.
	 */
	@PostMapping("/{org}/users/{idOrLogin}/first-sign-in")
	Map<String, Object> firstSignIn(@PathVariable String org, @PathVariable String idOrLogin,
			@RequestBody Map<String, Object> body) {
		OktaOrg target = org(org);
		OktaUser user = users.find(target, idOrLogin);
		if (!(body.get("password") instanceof String password)) {
			throw new IllegalArgumentException("password is required");
		}
		boolean verified = passwordImport.verifyAtFirstSignIn(target, user, password);
		return Map.of("verified", verified, "passwordImportHook", user.passwordImportHook(), "signedIn",
				verified && user.checkPassword(password));
	}

	@PutMapping("/{org}/apps/{app}/users/{idOrLogin}")
	Map<String, Object> assign(@PathVariable String org, @PathVariable String app, @PathVariable String idOrLogin,
			HttpServletRequest request) {
		OktaOrg target = org(org);
		OktaApp shareFile = apps.findByIdOrLabel(target, app);
		OktaUser user = users.find(target, idOrLogin);
		apps.assignUser(target, ControlCallers.of(target, request), shareFile, user, null, null);
		return state.person(target, user);
	}

	@DeleteMapping("/{org}/apps/{app}/users/{idOrLogin}")
	ResponseEntity<Void> unassign(@PathVariable String org, @PathVariable String app, @PathVariable String idOrLogin,
			HttpServletRequest request) {
		OktaOrg target = org(org);
		apps.unassignUser(target, ControlCallers.of(target, request), apps.findByIdOrLabel(target, app),
				users.find(target, idOrLogin));
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/{org}/apps/{app}/groups/{group}")
	ResponseEntity<Void> assignGroup(@PathVariable String org, @PathVariable String app, @PathVariable String group,
			HttpServletRequest request) {
		OktaOrg target = org(org);
		apps.assignGroup(target, ControlCallers.of(target, request), apps.findByIdOrLabel(target, app),
				groups.findByIdOrName(target, group), 0, Map.of());
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{org}/apps/{app}/groups/{group}")
	ResponseEntity<Void> unassignGroup(@PathVariable String org, @PathVariable String app, @PathVariable String group,
			HttpServletRequest request) {
		OktaOrg target = org(org);
		apps.unassignGroup(target, ControlCallers.of(target, request), apps.findByIdOrLabel(target, app),
				groups.findByIdOrName(target, group));
		return ResponseEntity.noContent().build();
	}

	/** {@code {"name": "Finance", "description": "..."}}. */
	@PostMapping("/{org}/groups")
	Map<String, Object> createGroup(@PathVariable String org, @RequestBody Map<String, Object> body,
			HttpServletRequest request) {
		OktaOrg target = org(org);
		var group = groups.create(target, ControlCallers.of(target, request), body);
		return Map.of("id", group.id(), "name", target.groupNames().get(group.id()));
	}

	@PutMapping("/{org}/groups/{group}/users/{idOrLogin}")
	ResponseEntity<Void> addMember(@PathVariable String org, @PathVariable String group, @PathVariable String idOrLogin,
			HttpServletRequest request) {
		OktaOrg target = org(org);
		groups.addMember(target, ControlCallers.of(target, request), groups.findByIdOrName(target, group).id(),
				users.find(target, idOrLogin).id());
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{org}/groups/{group}/users/{idOrLogin}")
	ResponseEntity<Void> removeMember(@PathVariable String org, @PathVariable String group,
			@PathVariable String idOrLogin, HttpServletRequest request) {
		OktaOrg target = org(org);
		groups.removeMember(target, ControlCallers.of(target, request), groups.findByIdOrName(target, group).id(),
				users.find(target, idOrLogin).id());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{org}/rate-limits")
	Map<String, Integer> rateLimits(@PathVariable String org) {
		return org(org).extras().rateLimits().limits();
	}

	/**
	 * {@code {"users": 5, "logs": 2}}: per-minute limits by bucket; the others keep
	 * theirs.
	 */
	@PutMapping("/{org}/rate-limits")
	Map<String, Integer> setRateLimits(@PathVariable String org, @RequestBody Map<String, Integer> limits) {
		RateLimits rateLimits = org(org).extras().rateLimits();
		limits.forEach((bucket, limit) -> rateLimits.limit(RateLimits.Bucket.fromKey(bucket), limit));
		return rateLimits.limits();
	}

	@DeleteMapping("/{org}/rate-limits")
	Map<String, Integer> resetRateLimits(@PathVariable String org) {
		RateLimits rateLimits = org(org).extras().rateLimits();
		rateLimits.resetToDefaults();
		return rateLimits.limits();
	}

	/**
	 * {@code {"duplicateAndReorder": true}}: every hook batch then arrives reversed, and
	 * twice.
	 */
	@PutMapping("/{org}/event-hooks/delivery")
	Map<String, Object> delivery(@PathVariable String org, @RequestBody Map<String, Object> body) {
		OktaOrg target = org(org);
		target.extras().duplicateAndReorderDeliveries(Boolean.TRUE.equals(body.get("duplicateAndReorder")));
		return Map.of("duplicateAndReorder", target.extras().duplicateAndReorderDeliveries());
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
