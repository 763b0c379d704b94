package dev.ferry.sandbox.okta.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaApp;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaOrgs;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.admin.AppAccess;
import dev.ferry.sandbox.okta.admin.AppAdmin;
import dev.ferry.sandbox.okta.admin.UserAdmin;
import dev.ferry.sandbox.okta.scim.ScimClient;
import dev.ferry.sandbox.okta.scim.ScimProvisioning;

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

	private final ScimClient scim;

	ScimControlController(OktaOrgs orgs, UserAdmin users, AppAdmin apps, ScimClient scim) {
		this.orgs = orgs;
		this.users = users;
		this.apps = apps;
		this.scim = scim;
	}

	/**
	 * {@code {"baseUrl", "token", "syncPassword": true}}: the app's SCIM connection
	 * (bearer token auth).
	 */
	@PutMapping("/{org}/apps/{app}/scim")
	Map<String, Object> register(@PathVariable String org, @PathVariable String app,
			@RequestBody Map<String, Object> body) {
		OktaOrg target = org(org);
		OktaApp shareFile = apps.findByIdOrLabel(target, app);
		ScimProvisioning provisioning = new ScimProvisioning((String) body.get("baseUrl"), (String) body.get("token"),
				Boolean.TRUE.equals(body.get("syncPassword")));
		target.extras().scimApps().put(shareFile.id(), provisioning);
		return Map.of("app", shareFile.id(), "baseUrl", provisioning.baseUrl(), "syncPassword",
				provisioning.syncPassword());
	}

	/**
	 * {@code {"password"}}: an admin sets the person's Okta password (policy checked,
	 * System Log event), then, as Okta does, it is pushed to each assigned app with SCIM
	 * and Sync Password; the answer lists every SCIM call per app.
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
			if (provisioning.syncPassword() && AppAccess.of(target, app, user).isPresent()) {
				pushed.put(appId, scim.pushPassword(provisioning, user, password));
			}
		});
		return Map.of("id", user.id(), "scim", pushed);
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
