package dev.ferry.provisioning.internal.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.ferry.connector.Account;
import dev.ferry.connector.Identity;
import dev.ferry.connector.TargetSchema;
import dev.ferry.mapping.MappingExpression;
import dev.ferry.mapping.MappingSet;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningConfig.Mapping;

/**
 * A configuration with its expressions parsed once: who is in scope, who is a client, and
 * what each person's ShareFile account (and, for import, Okta profile) should hold.
 */
public final class CompiledConfig {

	private final ProvisioningConfig config;

	private final TargetSchema schema;

	private final MappingSet mappings;

	private final MappingExpression scopeFilter;

	private final MappingExpression clientFilter;

	/**
	 * @param schema what the organisation's target lets Ferry write
	 */
	public CompiledConfig(ProvisioningConfig config, TargetSchema schema) {
		this.schema = schema;
		this.config = config;
		// stored configurations were validated on save (ConfigValidation), so known
		// targets are not re-checked
		this.mappings = MappingSet
			.validate(config.mappings().stream().map(Mapping::toAttributeMapping).toList(), null, null)
			.mappingSet()
			.orElseThrow(() -> new IllegalStateException("The stored mappings do not parse"));
		this.scopeFilter = blank(config.scope().filter()) ? null
				: MappingExpression.parseCondition(config.scope().filter());
		this.clientFilter = blank(config.userTypes().clientFilter()) ? null
				: MappingExpression.parseCondition(config.userTypes().clientFilter());
	}

	public TargetSchema schema() {
		return schema;
	}

	/** The same settings with provisioning switched on (a dry run of turning it on). */
	public CompiledConfig enabled() {
		return new CompiledConfig(config.withEnabled(true), schema);
	}

	public ProvisioningConfig config() {
		return config;
	}

	/**
	 * Assigned (if required), active, in one of the scope groups (if any), and passing
	 * the filter.
	 */
	public boolean inScope(Identity identity) {
		if (identity == null || !identity.active()) {
			return false;
		}
		if (config.scope().requireAssignment() && !identity.assigned()) {
			return false;
		}
		if (!config.scope().groups().isEmpty()
				&& identity.groups().stream().noneMatch(group -> config.scope().groups().contains(group))) {
			return false;
		}
		return scopeFilter == null || scopeFilter.test(roots(identity));
	}

	public boolean client(Identity identity) {
		if (identity.groups().stream().anyMatch(group -> config.userTypes().clientGroups().contains(group))) {
			return true;
		}
		return clientFilter != null && clientFilter.test(roots(identity));
	}

	/**
	 * Whether deciding about this person needs their groups (scope groups, user types,
	 * expressions).
	 */
	public boolean needsGroups() {
		return !config.scope().groups().isEmpty() || !config.userTypes().clientGroups().isEmpty()
				|| (scopeFilter != null && scopeFilter.usesGroups())
				|| (clientFilter != null && clientFilter.usesGroups()) || mappings.usesGroups();
	}

	/**
	 * The groups whose members matter, when only named ones do (scope groups and client
	 * groups); empty when an expression looks at groups, so every group's members must be
	 * known. An org with a 100,000-member "Everyone" group need not be read through for a
	 * "Contractors" rule.
	 */
	public Optional<Set<String>> groupsNeeded() {
		if ((scopeFilter != null && scopeFilter.usesGroups()) || (clientFilter != null && clientFilter.usesGroups())
				|| mappings.usesGroups()) {
			return Optional.empty();
		}
		Set<String> names = new HashSet<>(config.scope().groups());
		names.addAll(config.userTypes().clientGroups());
		return Optional.of(names);
	}

	/** The ShareFile attributes this person's account should have. */
	public Map<String, Object> desiredAccount(Identity identity) {
		return text(mappings.toTarget(roots(identity)));
	}

	/**
	 * The Okta profile values the ShareFile-mastered mappings produce from an account.
	 */
	public Map<String, Object> desiredProfile(Account account, Identity identity) {
		Map<String, Object> roots = roots(identity);
		roots.put("account", account.attributes());
		return text(mappings.toSource(roots));
	}

	/**
	 * Values as the text ShareFile and Okta store (numbers and booleans as their text;
	 * null stays null).
	 */
	private static Map<String, Object> text(Map<String, Object> values) {
		Map<String, Object> text = new LinkedHashMap<>();
		values.forEach((name, value) -> text.put(name, value == null ? null : value.toString()));
		return text;
	}

	static Map<String, Object> roots(Identity identity) {
		Map<String, Object> user = new HashMap<>(identity.profile());
		user.put("id", identity.id());
		user.put("login", identity.login());
		user.put("status", identity.status());
		Map<String, Object> roots = new HashMap<>();
		roots.put("user", user);
		roots.put("groups", identity.groups() == null ? List.of() : identity.groups());
		return roots;
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
