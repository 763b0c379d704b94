package dev.ferry.sandbox.entra;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.ferry.sandbox.scim.ScimCallLog;

/**
 * One Entra ID tenant's enterprise application with automatic provisioning: the Tenant
 * URL and Secret Token an admin enters, whether the {@code aadOptscim062020} flag is on,
 * the users and groups in scope, what the provisioning service remembers of each (the
 * SCIM {@code id} it matched or created, and what it last sent), and the log of its
 * calls. Callers hold the tenant's lock.
 */
class EntraTenant {

	final String name;

	volatile String tenantUrl;

	volatile String secretToken;

	volatile boolean aadOptscim062020;

	/** Lower-cased userPrincipalName → user. */
	final Map<String, User> users = new LinkedHashMap<>();

	/** Object id → group. */
	final Map<String, Group> groups = new LinkedHashMap<>();

	final ScimCallLog log = new ScimCallLog();

	EntraTenant(String name) {
		this.name = name;
	}

	User user(String upn) {
		User user = users.get(upn.toLowerCase(Locale.ROOT));
		if (user == null) {
			throw new IllegalArgumentException("No user " + upn + " in tenant " + name);
		}
		return user;
	}

	Group group(String idOrName) {
		Group group = groups.get(idOrName);
		if (group != null) {
			return group;
		}
		return groups.values()
			.stream()
			.filter(candidate -> candidate.displayName.equals(idOrName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No group " + idOrName + " in tenant " + name));
	}

	/** An Entra user and what provisioning knows of it. */
	static final class User {

		final String objectId = UUID.randomUUID().toString();

		String userPrincipalName;

		String givenName;

		String surname;

		String mail;

		String jobTitle;

		String department;

		String employeeId;

		boolean accountEnabled = true;

		/** Assigned to the application (in scope). */
		boolean assigned = true;

		/** Deleted in Entra, still restorable: provisioned as a disable. */
		boolean softDeleted;

		/** Deleted permanently: provisioned as a DELETE. */
		boolean hardDeleted;

		/** The SCIM id matched or created, once known. */
		String scimId;

		/** Attribute path → the value last sent (or matched). */
		final Map<String, Object> sent = new LinkedHashMap<>();

		boolean active() {
			return accountEnabled && assigned && !softDeleted;
		}

	}

	/** An Entra security group assigned to the application. */
	static final class Group {

		final String objectId = UUID.randomUUID().toString();

		String displayName;

		final Set<String> members = new LinkedHashSet<>();

		boolean deleted;

		String scimId;

		String sentName;

		final Set<String> sentMembers = new LinkedHashSet<>();

	}

}
