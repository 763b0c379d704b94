package dev.ferry.provisioning;

import java.util.Map;

/**
 * One change a plan would make, with per-attribute before → after. A dry run shows these;
 * an apply executes them in order.
 *
 * @param identityId the Okta person it is for (null for group operations)
 * @param accountId the ShareFile account it touches (null when it will be created)
 * @param label what a person reads in the plan: a name or e-mail, or a group name
 * @param changes attribute → (before, after); for groups, "members" → (removed, added)
 * @param values what the operation needs to run (attributes to create with, group member
 * ids...)
 */
public record Operation(Kind kind, String identityId, String accountId, String label, Map<String, Change> changes,
		Map<String, Object> values) {

	public boolean destructive() {
		return kind == Kind.DISABLE_ACCOUNT || kind == Kind.DELETE_ACCOUNT;
	}

	public enum Kind {

		CREATE_ACCOUNT, LINK_ACCOUNT, UPDATE_ACCOUNT, PROMOTE_ACCOUNT, SET_PASSWORD, ENABLE_ACCOUNT, DISABLE_ACCOUNT,
		DELETE_ACCOUNT, CREATE_GROUP, RENAME_GROUP, ADD_MEMBERS, REMOVE_MEMBERS, DELETE_GROUP, IMPORT_IDENTITY,
		MATCH_IDENTITY, UPDATE_IDENTITY

	}

	/** One attribute's value before and after. */
	public record Change(Object before, Object after) {
	}

}
