package dev.ferry.msp;

import java.util.Locale;

import dev.ferry.tenant.Role.Permission;

/**
 * What the console can do across selected customers, each the same thing the customer's
 * own pages start, with the permission those pages ask for.
 */
public enum BulkAction {

	DRY_RUN(Permission.RUN_PROVISIONING), RECONCILE(Permission.RUN_PROVISIONING), PAUSE(Permission.MANAGE_SETTINGS),
	RESUME(Permission.MANAGE_SETTINGS);

	private final Permission needs;

	BulkAction(Permission needs) {
		this.needs = needs;
	}

	public Permission needs() {
		return needs;
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static BulkAction of(String name) {
		for (BulkAction action : values()) {
			if (action.name().equals(name)) {
				return action;
			}
		}
		return null;
	}

}
