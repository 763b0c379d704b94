package dev.ferry.sandbox.sharefile.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.sandbox.sharefile.SfGroup;
import dev.ferry.sandbox.sharefile.SfUser;
import dev.ferry.sandbox.sharefile.ShareFileAccount;

/**
 * The JSON ShareFile sends for each model (§0.3, §2.1, §3, §4): OData "JSON light"
 * entities with {@code odata.metadata}, {@code odata.type}, {@code Id} and an absolute
 * {@code url}; navigation properties ({@code Security}, {@code Preferences},
 * {@code Contacts}, {@code Owner}) only when expanded.
 */
final class Views {

	static final String MODELS = "ShareFile.Api.Models.";

	private Views() {
	}

	static Map<String, Object> user(ApiContext context, SfUser user, ODataQuery query) {
		String type = user.employee() ? "AccountUser" : "User";
		Map<String, Object> json = entity(context, "Users", type, user.id(), "Users(" + user.id() + ")");
		json.put("Name", user.fullName());
		json.put("Email", user.email());
		json.put("Username", user.email());
		json.put("Domain", context.account().subdomain());
		json.put("Emails", List.of(user.email()));
		json.put("FirstName", user.firstName());
		json.put("LastName", user.lastName());
		json.put("FullName", user.fullName());
		json.put("FullNameShort", shortName(user));
		json.put("Company", user.company());
		json.put("IsConfirmed", user.hasPassword());
		json.put("IsDeleted", false);
		json.put("TotalSharedFiles", 0);
		json.put("Contacted", 0);
		json.put("DateCreated", date(user.created()));
		if (user.defaultZoneId() != null) {
			json.put("DefaultZone", Map.of("Id", user.defaultZoneId()));
		}
		json.put("Roles", user.roles());
		if (user.employee()) {
			json.put("IsAdministrator", user.administrator());
			json.put("CanCreateFolders", user.canCreateFolders());
			json.put("CanUseFileBox", user.canUseFileBox());
			json.put("CanManageUsers", user.canManageUsers() || user.administrator());
			json.put("IsVirtualClient", false);
			json.put("StorageQuotaLimitGB", user.storageQuotaLimitGb());
			json.put("Bandwidth", user.bandwidth());
		}
		if (query.expands("Security")) {
			json.put("Security", security(context, user));
		}
		if (query.expands("Preferences")) {
			json.put("Preferences", preferences(context, user));
		}
		return select(json, query);
	}

	/**
	 * What a caller without the right to manage a user sees of them (DOC-U "minimal
	 * info").
	 */
	static Map<String, Object> minimalUser(ApiContext context, SfUser user) {
		Map<String, Object> json = entity(context, "Users", "User", user.id(), "Users(" + user.id() + ")");
		json.put("Name", user.fullName());
		json.put("Email", user.email());
		json.put("FirstName", user.firstName());
		json.put("LastName", user.lastName());
		json.put("FullName", user.fullName());
		return json;
	}

	static Map<String, Object> security(ApiContext context, SfUser user) {
		Map<String, Object> json = entity(context, "UserSecurity", "UserSecurity", user.id(),
				"Users(" + user.id() + ")/Security");
		json.put("IsDisabled", user.disabled());
		json.put("IsLocked", false);
		json.put("LastWebAppLogin", date(user.lastLogin()));
		json.put("LastAnyLogin", date(user.lastLogin()));
		json.put("FirstAnyLogin", date(user.firstLogin()));
		json.put("ForcePasswordChange", false);
		json.put("PasswordNeverExpires", false);
		if (user.lastPasswordChange() != null) {
			json.put("LastPasswordChange", date(user.lastPasswordChange()));
		}
		json.put("UsernameShort", user.email());
		json.put("FailedLoginCount", 0);
		json.put("UserAuthenticationType", "Password");
		return json;
	}

	static Map<String, Object> preferences(ApiContext context, SfUser user) {
		Map<String, Object> json = entity(context, "UserPreferences", "UserPreferences", user.id(),
				"Users(" + user.id() + ")/Preferences");
		json.put("CanResetPassword", user.canResetPassword());
		json.put("CanViewMySettings", user.canViewMySettings());
		json.put("TimeZone", "GMT Standard Time");
		json.put("DateFormat", "MM/dd/yyyy");
		json.put("TimeFormat", "h:mm tt");
		json.put("UserNotificationLocale", "en-US");
		return json;
	}

	/**
	 * A Contact as {@code Accounts/Employees|Clients} and group member feeds show it
	 * (REAL sample).
	 */
	static Map<String, Object> contact(ApiContext context, SfUser user) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("FirstName", user.firstName());
		json.put("LastName", user.lastName());
		json.put("Company", user.company());
		json.put("IsConfirmed", user.hasPassword());
		json.put("IsDisabled", user.disabled());
		json.put("LastAnyLogin", date(user.lastLogin()));
		json.put("CreatedDate", date(user.created()));
		json.put("Name", user.contactName());
		json.put("Email", user.email());
		json.putAll(entity(context, "Contacts", "Contact", user.id(), "Contacts(" + user.id() + ")"));
		return json;
	}

	/** An address-book contact that belongs to no user (an e-mail added to a group). */
	static Map<String, Object> addressBookContact(ApiContext context, String id, String email) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("IsConfirmed", false);
		json.put("Name", email);
		json.put("Email", email);
		json.putAll(entity(context, "Contacts", "Contact", id, "Contacts(" + id + ")"));
		return json;
	}

	static Map<String, Object> member(ApiContext context, String memberId) {
		ShareFileAccount account = context.account();
		return account.user(memberId)
			.map(user -> contact(context, user))
			.orElseGet(() -> addressBookContact(context, memberId, account.addressBookEmail(memberId).orElse("")));
	}

	static Map<String, Object> group(ApiContext context, SfGroup group, ODataQuery query) {
		Map<String, Object> json = entity(context, "Groups", "Group", group.id(), "Groups(" + group.id() + ")");
		json.put("Name", group.name());
		json.put("IsShared", group.shared());
		json.put("NumberOfContacts", group.memberIds().size());
		json.put("CreatedDate", date(group.created()));
		if (query.expands("Owner")) {
			context.account().user(group.ownerId()).ifPresent(owner -> json.put("Owner", minimalUser(context, owner)));
		}
		if (query.expands("Contacts")) {
			List<Map<String, Object>> contacts = new ArrayList<>();
			group.memberIds().forEach(id -> contacts.add(member(context, id)));
			json.put("Contacts", contacts);
		}
		return select(json, query);
	}

	static Map<String, Object> account(ApiContext context) {
		ShareFileAccount account = context.account();
		Map<String, Object> json = entity(context, "Accounts", "Account", account.id(),
				"Accounts(" + account.id() + ")");
		json.put("CompanyName", account.companyName());
		json.put("Subdomain", account.subdomain());
		json.put("Subdomains", List.of(account.subdomain()));
		json.put("AccountType", "Business");
		json.put("PlanName", "Sandbox");
		json.put("BaseUsers", account.employeeLicences());
		json.put("UserMax", account.employeeLicences());
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("EmployeeMax", account.employeeLicences());
		usage.put("EmployeeCount", account.employeeCount());
		usage.put("ClientCount", account.clientCount());
		json.put("UserUsage", usage);
		return json;
	}

	/**
	 * A feed: {@code value}, {@code odata.count} (total before paging) and
	 * {@code odata.nextLink} when the page stops before the end.
	 */
	static Map<String, Object> feed(ApiContext context, String set, List<Map<String, Object>> items, long count,
			String nextLink) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("odata.metadata", context.apiBase() + "/$metadata#" + set);
		json.put("odata.count", count);
		json.put("value", items);
		if (nextLink != null) {
			json.put("odata.nextLink", nextLink);
		}
		json.put("url", context.url(set));
		return json;
	}

	private static Map<String, Object> entity(ApiContext context, String set, String type, String id, String path) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("odata.metadata", context.apiBase() + "/$metadata#" + set + "/" + MODELS + type + "@Element");
		json.put("odata.type", MODELS + type);
		json.put("Id", id);
		json.put("url", context.url(path));
		return json;
	}

	/**
	 * {@code $select}: keeps the named properties (case-insensitive; {@code Nav/Prop}
	 * keeps {@code Nav}), plus the OData envelope ({@code odata.*}, {@code url}).
	 */
	static Map<String, Object> select(Map<String, Object> json, ODataQuery query) {
		if (query.select().isEmpty()) {
			return json;
		}
		json.keySet()
			.removeIf(key -> !key.startsWith("odata.") && !key.equals("url")
					&& query.select().stream().map(item -> item.split("/", 2)[0]).noneMatch(key::equalsIgnoreCase));
		return json;
	}

	static String date(Instant instant) {
		return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
	}

	private static String shortName(SfUser user) {
		String first = user.firstName();
		if (first == null || first.isBlank()) {
			return user.lastName();
		}
		return first.charAt(0) + ". " + (user.lastName() == null ? "" : user.lastName());
	}

}
