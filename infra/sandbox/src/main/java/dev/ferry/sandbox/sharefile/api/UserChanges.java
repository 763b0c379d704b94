package dev.ferry.sandbox.sharefile.api;

import java.time.Instant;
import java.util.List;

import dev.ferry.sandbox.sharefile.PasswordPolicy;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;
import dev.ferry.sandbox.sharefile.ShareFileException;

/**
 * Applies a create or update body to a user, using only the fields ShareFile documents
 * for that endpoint (§2.2) and ignoring the rest. Validation happens before anything
 * changes, so a refused request leaves the user as it was. Call inside
 * {@link ShareFileAccount#atomically}.
 */
final class UserChanges {

	/**
	 * Roles an employee create may grant through {@code Roles} (the role endpoints'
	 * list).
	 */
	private static final List<String> GRANTABLE = List.of("CanCreateFolders", "CanUseFileBox", "CanManageUsers");

	private UserChanges() {
	}

	/**
	 * {@code POST Users} (client) or {@code POST Users/AccountUser} (employee unless
	 * IsEmployee=false).
	 */
	static SfUser create(ShareFileAccount account, JsonBody body, boolean employeeEndpoint, Instant now) {
		String email = body.text("Email").orElseThrow(() -> ShareFileException.badRequest("Email is required."));
		String first = required(body, "FirstName");
		String last = required(body, "LastName");
		String password = body.text("Password").map(PasswordPolicy::check).orElse(null);
		boolean employee = employeeEndpoint && body.bool("IsEmployee").orElse(true);
		return account.addUser(email, employee, now, user -> {
			user.firstName(first);
			user.lastName(last);
			body.text("Company").ifPresent(user::company);
			if (password != null) {
				user.password(password, now);
			}
			body.nested("DefaultZone").flatMap(zone -> zone.text("Id")).ifPresent(user::defaultZoneId);
			body.nested("Preferences").ifPresent(preferences -> {
				preferences.bool("CanResetPassword").ifPresent(user::canResetPassword);
				preferences.bool("CanViewMySettings").ifPresent(user::canViewMySettings);
			});
			if (employee) {
				applyEmployeeFlags(user, body);
				body.get("Roles").filter(roles -> roles.isArray()).ifPresent(roles -> roles.forEach(role -> {
					String name = role.isString() ? role.stringValue() : "";
					if (GRANTABLE.contains(name)) {
						switch (name) {
							case "CanCreateFolders" -> user.canCreateFolders(true);
							case "CanUseFileBox" -> user.canUseFileBox(true);
							default -> user.canManageUsers(true);
						}
					}
				}));
			}
		});
	}

	/**
	 * {@code PATCH Users(id)} (accountUser false) or {@code PATCH Users/AccountUser(id)}
	 * (true, which also takes the employee fields and {@code IsEmployee:true} to promote
	 * a client).
	 */
	static void update(ShareFileAccount account, SfUser caller, SfUser user, JsonBody body, boolean accountUser) {
		String email = body.text("Email").or(() -> body.text("Username")).orElse(null);
		boolean promote = accountUser && !user.employee() && body.bool("IsEmployee").orElse(false);
		if (promote && !caller.managesEmployees()) {
			throw ShareFileException.notAuthorized();
		}
		String first = body.text("FirstName").map(value -> nonBlank("FirstName", value)).orElse(null);
		String last = body.text("LastName").map(value -> nonBlank("LastName", value)).orElse(null);
		Boolean disabled = body.nested("Security").flatMap(security -> security.bool("IsDisabled")).orElse(null);
		if (disabled != null && user == caller && disabled) {
			throw ShareFileException.badRequest("You cannot disable your own account.");
		}
		// parse every field first so that a bad value changes nothing
		SfUser scratch = new SfUser("scratch", user.email(), Instant.EPOCH);
		applyEmployeeFlags(scratch, body);
		String company = body.text("Company").orElse(null);
		String zone = body.nested("DefaultZone").flatMap(value -> value.text("Id")).orElse(null);
		if (email != null) {
			account.requireEmailAvailable(user, email);
		}
		if (promote) {
			account.employee(user, true);
		}
		if (email != null && !email.trim().equals(user.email())) {
			account.changeEmail(user, email);
		}
		if (first != null) {
			user.firstName(first);
		}
		if (last != null) {
			user.lastName(last);
		}
		if (company != null) {
			user.company(company);
		}
		if (zone != null) {
			user.defaultZoneId(zone);
		}
		if (disabled != null) {
			user.disabled(disabled);
		}
		if (accountUser && user.employee()) {
			applyEmployeeFlags(user, body);
		}
	}

	private static void applyEmployeeFlags(SfUser user, JsonBody body) {
		body.bool("IsAdministrator").ifPresent(user::administrator);
		body.bool("CanCreateFolders").ifPresent(user::canCreateFolders);
		body.bool("CanUseFileBox").ifPresent(user::canUseFileBox);
		body.bool("CanManageUsers").ifPresent(user::canManageUsers);
		body.integer("StorageQuotaLimitGB").ifPresent(user::storageQuotaLimitGb);
		body.integer("Bandwidth").ifPresent(user::bandwidth);
	}

	private static String required(JsonBody body, String name) {
		return nonBlank(name, body.text(name).orElse(""));
	}

	private static String nonBlank(String name, String value) {
		if (value.isBlank()) {
			throw ShareFileException.badRequest(name + " is required.");
		}
		return value.trim();
	}

}
