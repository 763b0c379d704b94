package dev.ferry.provisioning.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ferry.connector.Account;
import dev.ferry.connector.Identity;
import dev.ferry.mapping.MappingExpression;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningConfig.Mapping;

/**
 * A configuration with its expressions parsed once: who is in scope, who is a client, and what each
 * person's ShareFile account (and, for import, Okta profile) should hold.
 */
public final class CompiledConfig {

	private final ProvisioningConfig config;

	private final Map<String, MappingExpression> toShareFile = new LinkedHashMap<>();

	private final Map<String, MappingExpression> toOkta = new LinkedHashMap<>();

	private final MappingExpression scopeFilter;

	private final MappingExpression clientFilter;

	public CompiledConfig(ProvisioningConfig config) {
		this.config = config;
		for (Mapping mapping : config.mappings()) {
			MappingExpression expression = MappingExpression.parse(mapping.expression());
			(mapping.direction() == Mapping.Direction.TO_SHAREFILE ? toShareFile : toOkta).put(mapping.target(), expression);
		}
		this.scopeFilter = blank(config.scope().filter()) ? null : MappingExpression.parse(config.scope().filter());
		this.clientFilter = blank(config.userTypes().clientFilter()) ? null
				: MappingExpression.parse(config.userTypes().clientFilter());
	}

	public ProvisioningConfig config() {
		return config;
	}

	/** Assigned (if required), active, in one of the scope groups (if any), and passing the filter. */
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

	/** Whether deciding about this person needs their groups (scope groups, user types, expressions). */
	public boolean needsGroups() {
		return !config.scope().groups().isEmpty() || !config.userTypes().clientGroups().isEmpty()
				|| (scopeFilter != null && scopeFilter.usesGroups()) || (clientFilter != null && clientFilter.usesGroups())
				|| toShareFile.values().stream().anyMatch(MappingExpression::usesGroups);
	}

	/** The ShareFile attributes this person's account should have. */
	public Map<String, Object> desiredAccount(Identity identity) {
		Map<String, Object> roots = roots(identity);
		Map<String, Object> desired = new LinkedHashMap<>();
		toShareFile.forEach((target, expression) -> desired.put(target, expression.evaluateToString(roots)));
		return desired;
	}

	/** The Okta profile values the ShareFile-mastered mappings produce from an account. */
	public Map<String, Object> desiredProfile(Account account, Identity identity) {
		Map<String, Object> roots = roots(identity);
		roots.put("account", account.attributes());
		Map<String, Object> desired = new LinkedHashMap<>();
		toOkta.forEach((target, expression) -> desired.put(target, expression.evaluateToString(roots)));
		return desired;
	}

	/** The Okta attributes that matter: a change to any other attribute needs no call at all. */
	public Set<String> relevantOktaAttributes() {
		Set<String> attributes = new HashSet<>();
		toShareFile.values().forEach(expression -> attributes.addAll(expression.referencedAttributes("user")));
		if (scopeFilter != null) {
			attributes.addAll(scopeFilter.referencedAttributes("user"));
		}
		if (clientFilter != null) {
			attributes.addAll(clientFilter.referencedAttributes("user"));
		}
		return attributes;
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
