package dev.ferry.sharefile;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.ferry.connector.Account;
import dev.ferry.connector.AccountGroup;

/**
 * ShareFile's JSON and Ferry's records, both ways: {@code Contact} items of
 * {@code Accounts/Employees|Clients} and {@code User}/{@code AccountUser} entities to
 * {@link Account}, groups to {@link AccountGroup}, and attribute maps to request bodies.
 * No I/O.
 */
final class ShareFileMapper {

	/** The attributes an {@link Account} carries, by ShareFile's API names. */
	static final List<String> ATTRIBUTES = List.of("FirstName", "LastName", "Company", "Email");

	private static final String ACCOUNT_USER = "ShareFile.Api.Models.AccountUser";

	private ShareFileMapper() {
	}

	/**
	 * A Contact from an employee or client listing: which listing it came from says
	 * whether it is an employee; {@code IsDisabled} is on the Contact itself, so no
	 * per-user read is needed.
	 */
	static Account fromContact(JsonNode contact, boolean employee) {
		return new Account(contact.path("Id").asString(), contact.path("Email").asString(""), employee,
				contact.path("IsDisabled").asBoolean(false), attributes(contact));
	}

	/**
	 * A User or AccountUser entity. Employees are {@code AccountUser}s with the role
	 * {@code Employee}; {@code disabled} comes from {@code Security}, which ShareFile
	 * sends only when expanded.
	 */
	static Account fromUser(JsonNode user) {
		return new Account(user.path("Id").asString(), user.path("Email").asString(""), isEmployee(user),
				user.path("Security").path("IsDisabled").asBoolean(false), attributes(user));
	}

	static boolean hasSecurity(JsonNode user) {
		return user.path("Security").isObject();
	}

	static boolean isEmployee(JsonNode user) {
		for (JsonNode role : user.path("Roles")) {
			String value = role.asString("");
			if (value.equals("Employee")) {
				return true;
			}
			if (value.equals("Client")) {
				return false;
			}
		}
		return ACCOUNT_USER.equals(user.path("odata.type").asString(""));
	}

	static AccountGroup group(JsonNode group) {
		Set<String> members = new LinkedHashSet<>();
		group.path("Contacts").forEach(contact -> members.add(contact.path("Id").asString()));
		return new AccountGroup(group.path("Id").asString(), group.path("Name").asString(""), members);
	}

	/**
	 * The body of {@code POST Users} (client) or {@code POST Users/AccountUser}
	 * (employee).
	 */
	static Map<String, Object> createBody(Map<String, Object> attributes, boolean employee, String password) {
		Map<String, Object> body = new LinkedHashMap<>(attributes);
		if (employee) {
			body.put("IsEmployee", true);
		}
		if (password != null) {
			body.put("Password", password);
		}
		return body;
	}

	/** Contact references for group member calls: {@code [{"Id": …}, …]}. */
	static List<Map<String, String>> contactRefs(Iterable<String> accountIds) {
		List<Map<String, String>> refs = new java.util.ArrayList<>();
		accountIds.forEach(id -> refs.add(Map.of("Id", id)));
		return refs;
	}

	private static Map<String, Object> attributes(JsonNode node) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (String name : ATTRIBUTES) {
			JsonNode value = node.path(name);
			attributes.put(name, value.isNull() || value.isMissingNode() ? null : value.asString(""));
		}
		return attributes;
	}

}
