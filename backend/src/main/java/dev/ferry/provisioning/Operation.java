package dev.ferry.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.ferry.connector.Account;
import dev.ferry.provisioning.internal.engine.Links;

/**
 * One change a plan would make, with per-attribute before → after. A dry run shows these;
 * an apply executes them in order. Each kind is a record carrying exactly what it needs
 * to run, so applying one is an exhaustive {@code switch} over the records of its
 * feature: {@link Person}, {@link Group} or {@link Import}.
 */
public sealed interface Operation permits Operation.Person, Operation.Group, Operation.Import {

	/** The name stored in {@code run_operation.op}, audited and shown. */
	Kind kind();

	/** The Okta person it is for (null for group operations and creations in Okta). */
	String identityId();

	/** The ShareFile account or group it touches (null when it will be created). */
	String accountId();

	/** What a person reads in the plan: a name or e-mail, or a group name. */
	String label();

	/**
	 * Attribute → (before, after); for groups, "members" → (count before, count after).
	 */
	Map<String, Change> changes();

	/** Whether it takes an account away (held for approval past the safety threshold). */
	default boolean destructive() {
		return false;
	}

	enum Kind {

		CREATE_ACCOUNT, LINK_ACCOUNT, UPDATE_ACCOUNT, PROMOTE_ACCOUNT, ENABLE_ACCOUNT, DISABLE_ACCOUNT, DELETE_ACCOUNT,
		CREATE_GROUP, RENAME_GROUP, ADD_MEMBERS, REMOVE_MEMBERS, DELETE_GROUP, IMPORT_IDENTITY, MATCH_IDENTITY,
		UPDATE_IDENTITY

	}

	/** One attribute's value before and after. */
	record Change(Object before, Object after) {
	}

	/** What a person's plan does to their ShareFile account (or Okta profile). */
	sealed interface Person extends Operation permits CreateAccount, LinkAccount, UpdateAccount, PromoteAccount,
			EnableAccount, DisableAccount, DeleteAccount, UpdateIdentity {

	}

	/**
	 * @param attributes what to create the account with
	 * @param knownAbsent a reconcile has just listed every account and none has the
	 * e-mail, so no lookup is needed first
	 */
	record CreateAccount(String identityId, String label, Map<String, Object> attributes, boolean employee,
			boolean knownAbsent) implements Person {

		public Kind kind() {
			return Kind.CREATE_ACCOUNT;
		}

		public String accountId() {
			return null;
		}

		public Map<String, Change> changes() {
			Map<String, Change> changes = new LinkedHashMap<>();
			attributes.forEach((name, value) -> changes.put(name, new Change(null, value)));
			changes.put("type", new Change(null, employee ? "Employee" : "Client"));
			return changes;
		}

		public CreateAccount withKnownAbsent() {
			return new CreateAccount(identityId, label, attributes, employee, true);
		}

	}

	/**
	 * @param listed the account as a reconcile has just listed it, or null to read it
	 * fresh
	 */
	record LinkAccount(String identityId, String accountId, String label, String accountEmail,
			Account listed) implements Person {

		public Kind kind() {
			return Kind.LINK_ACCOUNT;
		}

		public Map<String, Change> changes() {
			return Map.of("account", new Change(null, accountEmail));
		}

		public LinkAccount withListed(Account account) {
			return new LinkAccount(identityId, accountId, label, accountEmail, account);
		}

	}

	/**
	 * @param changes the attributes that differ, each with the value to write
	 */
	record UpdateAccount(String identityId, String accountId, String label,
			Map<String, Change> changes) implements Person {

		public Kind kind() {
			return Kind.UPDATE_ACCOUNT;
		}

		/** The values to write. */
		public Map<String, Object> attributes() {
			return afterValues(changes);
		}

	}

	record PromoteAccount(String identityId, String accountId, String label) implements Person {

		public Kind kind() {
			return Kind.PROMOTE_ACCOUNT;
		}

		public Map<String, Change> changes() {
			return Map.of("type", new Change("Client", "Employee"));
		}

	}

	record EnableAccount(String identityId, String accountId, String label) implements Person {

		public Kind kind() {
			return Kind.ENABLE_ACCOUNT;
		}

		public Map<String, Change> changes() {
			return Map.of("disabled", new Change(true, false));
		}

	}

	record DisableAccount(String identityId, String accountId, String label) implements Person {

		public Kind kind() {
			return Kind.DISABLE_ACCOUNT;
		}

		public Map<String, Change> changes() {
			return Map.of("disabled", new Change(false, true));
		}

		@Override
		public boolean destructive() {
			return true;
		}

	}

	/**
	 * @param reassignTo the e-mail of the account that receives the files; blank: none
	 */
	record DeleteAccount(String identityId, String accountId, String label, String accountEmail,
			String reassignTo) implements Person {

		public Kind kind() {
			return Kind.DELETE_ACCOUNT;
		}

		public Map<String, Change> changes() {
			return Map.of("account", new Change(accountEmail, null));
		}

		@Override
		public boolean destructive() {
			return true;
		}

	}

	/** Import Profile Updates: ShareFile's values written back to the Okta profile. */
	record UpdateIdentity(String identityId, String accountId, String label,
			Map<String, Change> changes) implements Person {

		public Kind kind() {
			return Kind.UPDATE_IDENTITY;
		}

		/** The profile values to write. */
		public Map<String, Object> profile() {
			return afterValues(changes);
		}

	}

	/** What a group push does to one ShareFile group. */
	sealed interface Group extends Operation permits CreateGroup, RenameGroup, AddMembers, RemoveMembers, DeleteGroup {

		default String identityId() {
			return null;
		}

	}

	/**
	 * @param accountId null until the group is made
	 */
	record CreateGroup(String accountId, String label, Set<String> memberIds) implements Group {

		public Kind kind() {
			return Kind.CREATE_GROUP;
		}

		public Map<String, Change> changes() {
			return Map.of("members", new Change(0, memberIds.size()));
		}

		public CreateGroup made(String groupId) {
			return new CreateGroup(groupId, label, memberIds);
		}

	}

	/**
	 * @param label the new name
	 */
	record RenameGroup(String accountId, String label, String before) implements Group {

		public Kind kind() {
			return Kind.RENAME_GROUP;
		}

		public Map<String, Change> changes() {
			return Map.of("name", new Change(before, label));
		}

	}

	/**
	 * @param before members before (null when not known: a group that could not be
	 * pushed)
	 * @param after members after
	 */
	record AddMembers(String accountId, String label, Integer before, Integer after,
			Set<String> memberIds) implements Group {

		public Kind kind() {
			return Kind.ADD_MEMBERS;
		}

		public Map<String, Change> changes() {
			return before == null && after == null ? Map.of() : Map.of("members", new Change(before, after));
		}

	}

	/**
	 * @param reason why the whole group is emptied (it is retired), or null
	 */
	record RemoveMembers(String accountId, String label, int before, Set<String> memberIds,
			String reason) implements Group {

		public Kind kind() {
			return Kind.REMOVE_MEMBERS;
		}

		public Map<String, Change> changes() {
			return retired(new Change(before, before - memberIds.size()), reason);
		}

	}

	/** A group Ferry made, retired: {@code reason} says why. */
	record DeleteGroup(String accountId, String label, int members, String reason) implements Group {

		public Kind kind() {
			return Kind.DELETE_GROUP;
		}

		public Map<String, Change> changes() {
			return retired(new Change(members, 0), reason);
		}

	}

	/** What Import New Users does for one unlinked ShareFile account. */
	sealed interface Import extends Operation permits MatchIdentity, ImportIdentity {

		/** The unlinked account. */
		Account account();

		default String accountId() {
			return account().id();
		}

		default String label() {
			return account().email();
		}

	}

	/** Links the account to the Okta person who matched. */
	record MatchIdentity(String identityId, String login, Account account) implements Import {

		public Kind kind() {
			return Kind.MATCH_IDENTITY;
		}

		public Map<String, Change> changes() {
			return Map.of("identity", new Change(null, login));
		}

	}

	/** Creates the person in Okta and links the account. */
	record ImportIdentity(Account account) implements Import {

		public Kind kind() {
			return Kind.IMPORT_IDENTITY;
		}

		public String identityId() {
			return null;
		}

		public Map<String, Change> changes() {
			return Map.of("identity", new Change(null, account.email()));
		}

	}

	private static Map<String, Object> afterValues(Map<String, Change> changes) {
		Map<String, Object> values = new LinkedHashMap<>();
		changes.forEach((name, change) -> values.put(name, change.after()));
		return values;
	}

	private static Map<String, Change> retired(Change members, String reason) {
		Map<String, Change> changes = new LinkedHashMap<>();
		changes.put("members", members);
		if (reason != null) {
			changes.put("source group", new Change("pushed", reason));
		}
		return changes;
	}

}
