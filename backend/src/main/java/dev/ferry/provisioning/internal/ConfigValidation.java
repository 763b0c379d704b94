package dev.ferry.provisioning.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.ferry.connector.TargetSchema;
import dev.ferry.mapping.ExpressionException;
import dev.ferry.mapping.MappingExpression;
import dev.ferry.mapping.MappingSet;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningConfig.Mapping;

/**
 * Local checks of a configuration before it is stored, and the diff the audit log
 * records. Every problem is keyed by the field it belongs to and says what to do;
 * expression problems carry the character position.
 */
public final class ConfigValidation {

	/**
	 * Okta profile attributes import may write (the base profile, docs/reference/okta.md
	 * §4.1).
	 */
	public static final Set<String> OKTA_ATTRIBUTES = Set.of("firstName", "lastName", "email", "secondEmail",
			"displayName", "nickName", "title", "organization", "department", "division", "costCenter",
			"employeeNumber", "mobilePhone", "primaryPhone", "city", "state", "countryCode", "preferredLanguage",
			"locale", "timezone");

	private ConfigValidation() {
	}

	/**
	 * @param schema what the organisation's target lets mappings write
	 */
	public static Map<String, String> problems(ProvisioningConfig config, TargetSchema schema) {
		Map<String, String> problems = new LinkedHashMap<>();
		List<Mapping> mappings = config.mappings();
		if (mappings.size() > 50) {
			problems.put("mappings", "At most 50 mappings.");
		}
		// the mapping module checks targets, duplicates and expressions; problems keep
		// the row and position
		MappingSet.Validation validation = MappingSet.validate(
				mappings.stream().map(Mapping::toAttributeMapping).toList(), Set.copyOf(schema.writable()),
				OKTA_ATTRIBUTES);
		for (MappingSet.Problem problem : validation.problems()) {
			String field = "mappings[" + problem.row() + "]." + switch (problem.field()) {
				case TARGET -> "target";
				case EXPRESSION -> "expression";
				case DIRECTION -> "direction";
			};
			String message = Character.toUpperCase(problem.message().charAt(0)) + problem.message().substring(1);
			problems.putIfAbsent(field, problem.position() == MappingSet.Problem.NO_POSITION ? message + "."
					: message + " (position " + problem.position() + ")");
		}
		boolean email = mappings.stream()
			.anyMatch(mapping -> mapping.direction() == Mapping.Direction.TO_SHAREFILE
					&& schema.emailAttribute().equals(mapping.target()));
		if (!email) {
			problems.put("mappings",
					"Map the target's " + schema.emailAttribute() + ": accounts are matched and created by e-mail.");
		}
		if (!blank(config.scope().filter())) {
			condition(problems, "scope.filter", config.scope().filter());
		}
		if (!blank(config.userTypes().clientFilter())) {
			condition(problems, "userTypes.clientFilter", config.userTypes().clientFilter());
		}
		names(problems, "scope.groups", config.scope().groups());
		names(problems, "userTypes.clientGroups", config.userTypes().clientGroups());
		names(problems, "groupPush.groups", config.groupPush().groups());
		patterns(problems, config.groupPush().patterns());
		if (config.groupPush().namePrefix() != null && config.groupPush().namePrefix().length() > 40) {
			problems.put("groupPush.namePrefix", "At most 40 characters.");
		}
		if (config.safety().maxPercent() < 0 || config.safety().maxPercent() > 100) {
			problems.put("safety.maxPercent", "A percentage from 0 to 100.");
		}
		if (config.safety().maxCount() < 0 || config.safety().maxCount() > 1_000_000) {
			problems.put("safety.maxCount", "A number from 0 to 1,000,000.");
		}
		if (config.reconcileIntervalMinutes() < 5 || config.reconcileIntervalMinutes() > 10_080) {
			problems.put("reconcileIntervalMinutes", "Between 5 minutes and a week (10,080).");
		}
		if (config.deprovisioning().action() == ProvisioningConfig.Deprovisioning.Action.DELETE
				&& !Objects.toString(config.deprovisioning().reassignTo(), "").matches("^[^\\s@]+@[^\\s@]+$")) {
			problems.put("deprovisioning.reassignTo", "Deleting accounts needs the e-mail of the ShareFile user who "
					+ "receives their files and groups.");
		}
		if (config.importSettings().matchOrder().isEmpty()) {
			problems.put("importSettings.matchOrder", "Choose at least one way to match accounts.");
		}
		return problems;
	}

	/** A filter must be a condition (true or false), not a value. */
	private static void condition(Map<String, String> problems, String field, String source) {
		try {
			MappingExpression.parseCondition(source == null ? "" : source);
		}
		catch (ExpressionException ex) {
			problems.put(field, ex.getMessage() + " (position " + ex.position() + ")");
		}
	}

	private static void names(Map<String, String> problems, String field, List<String> names) {
		if (names.size() > 100) {
			problems.put(field, "At most 100 groups.");
		}
		for (String name : names) {
			if (name == null || name.isBlank() || name.length() > 255 || name.chars().anyMatch(c -> c < 0x20)) {
				problems.put(field, "Group names are 1 to 255 printable characters.");
			}
		}
	}

	/**
	 * Every pattern must be a usable glob ({@link GroupPattern}); the first problem is
	 * reported.
	 */
	private static void patterns(Map<String, String> problems, List<String> patterns) {
		if (patterns.size() > 50) {
			problems.put("groupPush.patterns", "At most 50 patterns.");
			return;
		}
		for (String pattern : patterns) {
			var problem = GroupPattern.problem(pattern);
			if (problem.isPresent()) {
				problems.put("groupPush.patterns", problem.get());
				return;
			}
		}
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	/** What changed, part by part, as the audit log shows it: {part: {before, after}}. */
	public static Map<String, Object> diff(ProvisioningConfig before, ProvisioningConfig after) {
		Map<String, Object> changes = new LinkedHashMap<>();
		part(changes, "enabled", before.enabled(), after.enabled());
		part(changes, "features", before.features(), after.features());
		part(changes, "passwordPolicy", before.passwordPolicy(), after.passwordPolicy());
		part(changes, "scope", before.scope(), after.scope());
		part(changes, "userTypes", before.userTypes(), after.userTypes());
		part(changes, "mappings", before.mappings(), after.mappings());
		part(changes, "groupPush", before.groupPush(), after.groupPush());
		part(changes, "importSettings", before.importSettings(), after.importSettings());
		part(changes, "deprovisioning", before.deprovisioning(), after.deprovisioning());
		part(changes, "safety", before.safety(), after.safety());
		part(changes, "reconcileIntervalMinutes", before.reconcileIntervalMinutes(), after.reconcileIntervalMinutes());
		return changes;
	}

	private static void part(Map<String, Object> changes, String name, Object before, Object after) {
		if (!Objects.equals(before, after)) {
			Map<String, Object> diff = new LinkedHashMap<>();
			diff.put("before", String.valueOf(before));
			diff.put("after", String.valueOf(after));
			changes.put(name, diff);
		}
	}

}
