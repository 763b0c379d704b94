package dev.ferry.provisioning;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.util.List;

import dev.ferry.connector.TargetSchema;

/**
 * Everything an organisation decides about provisioning, as one document: versioned on
 * every change (provisioning_config_history) and audited with a diff.
 *
 * @param enabled the master switch; turning it on reconciles everyone already in scope
 * @param scope who gets a ShareFile account
 * @param userTypes who becomes an Employee and who a Client
 * @param mappings ShareFile attributes from Okta (and Okta attributes from ShareFile, for
 * import)
 * @param reconcileIntervalMinutes how often a full reconcile also finds drift made in
 * ShareFile
 */
public record ProvisioningConfig(boolean enabled, Features features, PasswordPolicy passwordPolicy, Scope scope,
		UserTypes userTypes, List<Mapping> mappings, GroupPush groupPush, ImportSettings importSettings,
		Deprovisioning deprovisioning, Safety safety, int reconcileIntervalMinutes) {

	/** The six features of Okta's own ShareFile app, each switchable. */
	public record Features(boolean pushNewUsers, boolean pushProfileUpdates, boolean pushPasswordUpdates,
			boolean pushGroups, boolean importNewUsers, boolean importProfileUpdates) {
	}

	/**
	 * @param onCreate RANDOM: a strong random password is set and ShareFile notifies the
	 * person; NONE: no password (ShareFile invites the person to set one)
	 */
	public record PasswordPolicy(OnCreate onCreate) {

		public enum OnCreate {

			RANDOM, NONE

		}

	}

	/**
	 * @param requireAssignment only people assigned to the ShareFile app (directly or by
	 * group)
	 * @param groups if not empty, only people in at least one of these Okta groups (by
	 * name)
	 * @param filter an attribute filter in the mapping language, e.g.
	 * {@code user.department != "Interns"}; empty for none
	 */
	public record Scope(boolean requireAssignment, List<String> groups, String filter) {
	}

	/**
	 * @param clientGroups people in any of these Okta groups become ShareFile Clients
	 * @param clientFilter or people matching this filter (mapping language); empty for
	 * none
	 */
	public record UserTypes(List<String> clientGroups, String clientFilter) {
	}

	/** One attribute mapping: {@code target} ← {@code expression}. */
	public record Mapping(String target, String expression, Direction direction) {

		/** The mapping module's form of this row, which validates and evaluates it. */
		public dev.ferry.mapping.AttributeMapping toAttributeMapping() {
			return new dev.ferry.mapping.AttributeMapping(target, expression,
					direction == null ? null
							: direction == Direction.TO_TARGET ? dev.ferry.mapping.AttributeMapping.Direction.TO_TARGET
									: dev.ferry.mapping.AttributeMapping.Direction.TO_SOURCE);
		}

		public enum Direction {

			/**
			 * The identity source masters it: pushed to the target. Stored as
			 * TO_SHAREFILE before connectors other than ShareFile existed.
			 */
			@JsonAlias("TO_SHAREFILE")
			TO_TARGET,

			/** The target masters it: imported into the source's profile. */
			@JsonAlias("TO_OKTA")
			TO_SOURCE

		}

	}

	/**
	 * Which Okta groups become ShareFile distribution groups: those named, and those
	 * whose name matches a pattern. A group chosen by name stays chosen when it is
	 * renamed in Okta (the rename is followed); a group chosen by a pattern stays chosen
	 * while its name matches.
	 *
	 * @param groups Okta groups pushed, by exact name
	 * @param patterns Okta groups pushed by rule: globs where {@code *} stands for any
	 * characters and {@code ?} for one, matched case-insensitively against the whole
	 * name, e.g. {@code Sales-*}
	 * @param namePrefix pushed with this prefix in ShareFile, e.g. "Okta - " (empty for
	 * the same name)
	 */
	public record GroupPush(List<String> groups, List<String> patterns, String namePrefix) {

		/**
		 * Documents stored before patterns existed have none: they keep choosing by name
		 * only.
		 */
		public GroupPush {
			groups = groups == null ? List.of() : groups;
			patterns = patterns == null ? List.of() : patterns;
			namePrefix = namePrefix == null ? "" : namePrefix;
		}

		/** By name only. */
		public GroupPush(List<String> groups, String namePrefix) {
			this(groups, List.of(), namePrefix);
		}

		public boolean choosesAny() {
			return !groups.isEmpty() || !patterns.isEmpty();
		}

	}

	/**
	 * @param matchOrder how a ShareFile account finds its Okta person: EMAIL, then
	 * USERNAME
	 * @param createInSource unmatched accounts become Okta people (STAGED or ACTIVE) with
	 * the password import hook, so they keep their ShareFile password
	 * @param requireConfirmation an admin approves matches and creations before they
	 * happen
	 */
	public record ImportSettings(List<MatchRule> matchOrder, @JsonAlias("createInOkta") CreateInSource createInSource,
			boolean requireConfirmation) {

		public enum MatchRule {

			EMAIL, USERNAME

		}

		public enum CreateInSource {

			NEVER, STAGED, ACTIVE

		}

	}

	/**
	 * @param action DISABLE (default) or DELETE (files and owned groups go to
	 * {@code reassignTo})
	 * @param reassignTo the e-mail of the ShareFile user who receives a deleted account's
	 * files
	 */
	public record Deprovisioning(Action action, String reassignTo) {

		public enum Action {

			DISABLE, DELETE

		}

	}

	/**
	 * Disabling or deleting more than {@code maxPercent} of linked accounts or more than
	 * {@code maxCount}, whichever is smaller — within one plan, or within ten minutes of
	 * single changes — holds the rest for an admin's approval. One account at a time
	 * always flows, so a small organisation can still deprovision a leaver without an
	 * approval.
	 */
	public record Safety(int maxPercent, int maxCount) {

		public int threshold(int linked) {
			return Math.max(1, Math.min(maxCount, (int) Math.floor(linked * maxPercent / 100.0)));
		}

	}

	/**
	 * What a new organisation starts with: everything off, safe defaults, and the
	 * mappings its target suggests.
	 */
	public static ProvisioningConfig defaults(TargetSchema target) {
		List<Mapping> mappings = target.defaults()
			.entrySet()
			.stream()
			.map(mapping -> new Mapping(mapping.getKey(), mapping.getValue(), Mapping.Direction.TO_TARGET))
			.toList();
		return new ProvisioningConfig(false, new Features(true, true, true, false, false, false),
				new PasswordPolicy(PasswordPolicy.OnCreate.RANDOM), new Scope(true, List.of(), ""),
				new UserTypes(List.of("Contractors"), ""), mappings, new GroupPush(List.of(), ""),
				new ImportSettings(List.of(ImportSettings.MatchRule.EMAIL, ImportSettings.MatchRule.USERNAME),
						ImportSettings.CreateInSource.NEVER, true),
				new Deprovisioning(Deprovisioning.Action.DISABLE, ""), new Safety(5, 25), 60);
	}

	public ProvisioningConfig withEnabled(boolean on) {
		return new ProvisioningConfig(on, features, passwordPolicy, scope, userTypes, mappings, groupPush,
				importSettings, deprovisioning, safety, reconcileIntervalMinutes);
	}

}
