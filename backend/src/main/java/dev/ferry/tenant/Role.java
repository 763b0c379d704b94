package dev.ferry.tenant;

import java.util.EnumSet;
import java.util.Set;

/** What a member may do in one organisation. */
public enum Role {

	/** Everything, including members and roles. */
	OWNER(EnumSet.allOf(Permission.class)),

	/** Everything but members and roles. */
	ADMIN(EnumSet.complementOf(EnumSet.of(Permission.MANAGE_MEMBERS))),

	/** Runs and retries provisioning; cannot change connections or settings. */
	OPERATOR(EnumSet.of(Permission.VIEW, Permission.RUN_PROVISIONING, Permission.EXPORT_AUDIT)),

	/** Reads and exports only. */
	AUDITOR(EnumSet.of(Permission.VIEW, Permission.EXPORT_AUDIT));

	private final Set<Permission> permissions;

	Role(Set<Permission> permissions) {
		this.permissions = permissions;
	}

	public boolean permits(Permission permission) {
		return permissions.contains(permission);
	}

	/**
	 * Whether someone with {@code grantor}'s role may give this role (invite, change to
	 * it, map a group to it): nobody gives a role above their own.
	 */
	public boolean grantableBy(Role grantor) {
		return grantor != null && max(grantor) == grantor;
	}

	/** The stronger of two roles (OWNER > ADMIN > OPERATOR > AUDITOR). */
	public Role max(Role other) {
		return other == null || ordinal() <= other.ordinal() ? this : other;
	}

	public enum Permission {

		VIEW, EXPORT_AUDIT, RUN_PROVISIONING, MANAGE_CONNECTIONS, MANAGE_SETTINGS, MANAGE_MEMBERS

	}

}
