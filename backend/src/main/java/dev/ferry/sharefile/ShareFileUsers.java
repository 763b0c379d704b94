package dev.ferry.sharefile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import dev.ferry.connector.Account;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;

/**
 * ShareFile's user operations (docs/reference/sharefile.md §2, §3), one request each
 * unless noted. Reads and writes ask for {@code $expand=Security}, so the answer already
 * says whether the user is disabled.
 */
final class ShareFileUsers {

	/** What a listing needs of each Contact; everything an {@link Account} carries. */
	private static final String CONTACT_FIELDS = "$select=Id,Email,FirstName,LastName,Company,IsDisabled";

	private final ShareFileClient client;

	private final ShareFileFeeds feeds;

	ShareFileUsers(ShareFileClient client, ShareFileFeeds feeds) {
		this.client = client;
		this.feeds = feeds;
	}

	/** Employees, then clients: ⌈E/500⌉ + ⌈C/500⌉ requests, no per-user reads. */
	void search(Predicate<Account> handler) {
		boolean more = feeds.each("Accounts/Employees?" + CONTACT_FIELDS,
				contact -> handler.test(ShareFileMapper.fromContact(contact, true)));
		if (more) {
			feeds.each("Accounts/Clients?" + CONTACT_FIELDS,
					contact -> handler.test(ShareFileMapper.fromContact(contact, false)));
		}
	}

	Optional<Account> get(String id) {
		return absentOn404(() -> client.get("Users(" + key(id) + ")?$expand=Security"));
	}

	Optional<Account> findByEmail(String email) {
		return absentOn404(() -> client.get("Users?emailaddress=" + encode(email) + "&$expand=Security"));
	}

	/**
	 * {@code POST Users/AccountUser} (employee, uses a licence) or {@code POST Users}
	 * (client), without {@code ifNecessary}, so a taken e-mail is
	 * {@link Kind#ALREADY_EXISTS}.
	 */
	Account create(Map<String, Object> attributes, boolean employee, String password, boolean notify) {
		String flags = "?notify=" + notify + "&addshared=true&ifNecessary=false&$expand=Security";
		JsonNode user = client.post((employee ? "Users/AccountUser" : "Users") + flags,
				ShareFileMapper.createBody(attributes, employee, password));
		return ShareFileMapper.fromUser(user);
	}

	/** {@code PATCH Users(id)} with exactly the given fields. */
	Account update(String id, Map<String, Object> changes) {
		return complete(client.patch("Users(" + key(id) + ")?$expand=Security", changes));
	}

	/**
	 * {@code PATCH Users/AccountUser(id)} {@code {"IsEmployee": true}}: a client becomes
	 * an employee.
	 */
	Account promoteToEmployee(String id) {
		return complete(
				client.patch("Users/AccountUser(" + key(id) + ")?$expand=Security", Map.of("IsEmployee", true)));
	}

	/**
	 * {@code POST Users(id)/ResetPassword}: an administrator may leave out the old
	 * password.
	 */
	void setPassword(String id, String password) {
		client.post("Users(" + key(id) + ")/ResetPassword?notify=false", Map.of("NewPassword", password));
	}

	void setDisabled(String id, boolean disabled) {
		client.patch("Users(" + key(id) + ")", Map.of("Security", Map.of("IsDisabled", disabled)));
	}

	/**
	 * {@code DELETE Users(id)?completely=true}: files and owned groups go to
	 * {@code reassignTo}.
	 */
	void delete(String id, String reassignTo) {
		String to = reassignTo == null ? "" : key(reassignTo);
		client.delete("Users(" + key(id) + ")?completely=true&itemsReassignTo=" + to + "&groupsReassignTo=" + to, null);
	}

	/**
	 * A write's answer, read again only when the service left {@code Security} out of it.
	 */
	private Account complete(JsonNode user) {
		if (ShareFileMapper.hasSecurity(user)) {
			return ShareFileMapper.fromUser(user);
		}
		return get(user.path("Id").asString()).orElseThrow(() -> ConnectorException.of(Kind.UNKNOWN_ID,
				"ShareFile user " + user.path("Id").asString() + " vanished"));
	}

	private static Optional<Account> absentOn404(java.util.function.Supplier<JsonNode> read) {
		try {
			return Optional.of(ShareFileMapper.fromUser(read.get()));
		}
		catch (ConnectorException ex) {
			if (ex.kind() == Kind.UNKNOWN_ID) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * Ids go unquoted into {@code Entity(id)}; anything but a GUID-like token is refused
	 * before sending.
	 */
	static String key(String id) {
		if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
			throw ConnectorException.of(Kind.UNKNOWN_ID, "Not a ShareFile id: " + id);
		}
		return id;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
