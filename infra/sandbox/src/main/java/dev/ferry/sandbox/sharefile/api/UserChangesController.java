package dev.ferry.sandbox.sharefile.api;

import java.time.Clock;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.sharefile.PasswordPolicy;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileException;
import dev.ferry.sandbox.sharefile.ShareFileTokens;

import static dev.ferry.sandbox.sharefile.api.ShareFileUsersController.V3;
import static dev.ferry.sandbox.sharefile.api.ShareFileUsersController.find;

/**
 * Changing users (§2.2): {@code PATCH Users(id)}, {@code PATCH Users/AccountUser(id)}
 * (employee fields, promotion), {@code PATCH Users(id)/Preferences},
 * {@code POST Users(id)/ResetPassword} and {@code DELETE Users(id)} (disable, or remove
 * with reassignment).
 */
@RestController
class UserChangesController {

	private final Clock clock;

	private final ShareFileTokens tokens;

	UserChangesController(Clock clock, ShareFileTokens tokens) {
		this.clock = clock;
		this.tokens = tokens;
	}

	@PatchMapping(V3 + "/Users({id})")
	Map<String, Object> update(ApiContext context, ODataQuery query, @PathVariable String id,
			@RequestBody(required = false) JsonNode body) {
		return patch(context, query, id, JsonBody.object(body), false);
	}

	@PatchMapping(V3 + "/Users/AccountUser({id})")
	Map<String, Object> updateEmployee(ApiContext context, ODataQuery query, @PathVariable String id,
			@RequestBody(required = false) JsonNode body) {
		return patch(context, query, id, JsonBody.object(body), true);
	}

	private Map<String, Object> patch(ApiContext context, ODataQuery query, String id, JsonBody body,
			boolean accountUser) {
		return context.account().atomically(() -> {
			SfUser user = find(context, id);
			Permissions.requireManage(context.caller(), user);
			UserChanges.update(context.account(), context.caller(), user, body, accountUser);
			return Views.user(context, user, query);
		});
	}

	@PatchMapping(V3 + "/Users({id})/Preferences")
	Map<String, Object> updatePreferences(ApiContext context, @PathVariable String id,
			@RequestBody(required = false) JsonNode body) {
		JsonBody preferences = JsonBody.object(body);
		return context.account().atomically(() -> {
			SfUser user = find(context, id);
			if (user != context.caller()) {
				Permissions.requireManage(context.caller(), user);
			}
			Boolean reset = preferences.bool("CanResetPassword").orElse(null);
			Boolean settings = preferences.bool("CanViewMySettings").orElse(null);
			if (reset != null) {
				user.canResetPassword(reset);
			}
			if (settings != null) {
				user.canViewMySettings(settings);
			}
			return Views.preferences(context, user);
		});
	}

	/**
	 * An administrator (or whoever manages the user) may omit {@code OldPassword}; a user
	 * changing their own password must give the right one. The new password is stored for
	 * the password grant and never returned.
	 */
	@PostMapping(V3 + "/Users({id})/ResetPassword")
	Map<String, Object> resetPassword(ApiContext context, ODataQuery query, @PathVariable String id,
			@RequestBody(required = false) JsonNode body) {
		JsonBody request = JsonBody.object(body);
		return context.account().atomically(() -> {
			SfUser user = find(context, id);
			boolean manager = user != context.caller() && Permissions.canManage(context.caller(), user);
			if (!manager) {
				if (user != context.caller()) {
					throw ShareFileException.notAuthorized();
				}
				String old = request.text("OldPassword").orElse(null);
				if (!context.caller().managesEmployees() && !user.passwordMatches(old)) {
					throw new ShareFileException(HttpStatus.BAD_REQUEST, "InvalidPassword",
							"The old password is not correct.");
				}
			}
			String password = PasswordPolicy.check(request.text("NewPassword")
				.orElseThrow(() -> ShareFileException.badRequest("NewPassword is required.")));
			user.password(password, clock.instant());
			return Views.user(context, user, query);
		});
	}

	@DeleteMapping(V3 + "/Users({id})")
	ResponseEntity<Void> delete(ApiContext context, ODataQuery query, @PathVariable String id) {
		boolean completely = query.flag("completely", false);
		ShareFileAccount account = context.account();
		account.atomically(() -> {
			SfUser user = find(context, id);
			Permissions.requireManage(context.caller(), user);
			if (user == context.caller()) {
				throw ShareFileException.badRequest("You cannot delete your own account.");
			}
			// files are not modelled: itemsReassignTo is checked like ShareFile would,
			// then has nothing to move
			query.param("itemsReassignTo").ifPresent(ref -> reassignee(context, ref, user));
			SfUser groupsTo = query.param("groupsReassignTo").map(ref -> reassignee(context, ref, user)).orElse(null);
			if (!completely) {
				user.disabled(true);
				return null;
			}
			account.removeUser(user, groupsTo);
			return null;
		});
		if (completely) {
			tokens.revoke(account.subdomain(), id);
		}
		return ResponseEntity.noContent().build();
	}

	private static SfUser reassignee(ApiContext context, String id, SfUser deleted) {
		SfUser target = context.account()
			.user(id)
			.orElseThrow(() -> ShareFileException.badRequest("The user " + id + " to reassign to does not exist."));
		if (target == deleted || !target.employee()) {
			throw ShareFileException.badRequest("Items and groups can only be reassigned to another employee.");
		}
		return target;
	}

}
