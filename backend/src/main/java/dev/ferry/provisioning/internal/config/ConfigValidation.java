package dev.ferry.provisioning.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.ferry.audit.Diff;
import dev.ferry.connector.TargetSchema;
import dev.ferry.mapping.ExpressionException;
import dev.ferry.mapping.MappingExpression;
import dev.ferry.mapping.MappingSet;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningConfig.Mapping;
import dev.ferry.provisioning.internal.groups.GroupPattern;
import dev.ferry.system.Problem;

/**
 * Local checks of a configuration before it is stored, and the diff the audit log
 * records. Every problem is keyed by the field it belongs to and is a message key
 * (settings.problem.* in messages.properties) that says what to do; expression problems
 * carry the character position ({@link #AT_POSITION}).
 */
public final class ConfigValidation {

	/**
	 * The key of an expression problem with a position: {0} what is wrong (the mapping
	 * language's words), {1} the 0-based character it is at.
	 */
	public static final String AT_POSITION = "settings.problem.expressionAt";

	private ConfigValidation() {
	}

	/**
	 * @param schema what the organisation's target lets mappings write
	 * @param sourceAttributes what import may write to the source's profiles; empty when
	 * it takes any
	 */
	public static Map<String, Problem> problems(ProvisioningConfig config, TargetSchema schema,
			Set<String> sourceAttributes) {
		Map<String, Problem> problems = new LinkedHashMap<>();
		List<Mapping> mappings = config.mappings();
		if (mappings.size() > 50) {
			problems.put("mappings", Problem.of("settings.problem.tooManyMappings"));
		}
		// the mapping module checks targets, duplicates and expressions; problems keep
		// the row and position
		MappingSet.Validation validation = MappingSet.validate(
				mappings.stream().map(Mapping::toAttributeMapping).toList(), Set.copyOf(schema.writable()),
				sourceAttributes.isEmpty() ? null : sourceAttributes);
		for (MappingSet.Problem problem : validation.problems()) {
			String field = "mappings[" + problem.row() + "]." + switch (problem.field()) {
				case TARGET -> "target";
				case EXPRESSION -> "expression";
				case DIRECTION -> "direction";
			};
			String message = Character.toUpperCase(problem.message().charAt(0)) + problem.message().substring(1);
			problems.putIfAbsent(field,
					problem.position() == MappingSet.Problem.NO_POSITION
							? Problem.of("settings.problem.expression", message)
							: Problem.of(AT_POSITION, message, problem.position()));
		}
		boolean email = mappings.stream()
			.anyMatch(mapping -> mapping.direction() == Mapping.Direction.TO_TARGET
					&& schema.emailAttribute().equals(mapping.target()));
		if (!email) {
			problems.put("mappings", Problem.of("settings.problem.mapEmail", schema.emailAttribute()));
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
			problems.put("groupPush.namePrefix", Problem.of("settings.problem.namePrefix"));
		}
		if (config.safety().maxPercent() < 0 || config.safety().maxPercent() > 100) {
			problems.put("safety.maxPercent", Problem.of("settings.problem.percent"));
		}
		if (config.safety().maxCount() < 0 || config.safety().maxCount() > 1_000_000) {
			problems.put("safety.maxCount", Problem.of("settings.problem.count"));
		}
		if (config.reconcileIntervalMinutes() < 5 || config.reconcileIntervalMinutes() > 10_080) {
			problems.put("reconcileIntervalMinutes", Problem.of("settings.problem.interval"));
		}
		if (config.deprovisioning().action() == ProvisioningConfig.Deprovisioning.Action.DELETE
				&& !Objects.toString(config.deprovisioning().reassignTo(), "").matches("^[^\\s@]+@[^\\s@]+$")) {
			problems.put("deprovisioning.reassignTo", Problem.of("settings.problem.reassignTo"));
		}
		if (config.importSettings().matchOrder().isEmpty()) {
			problems.put("importSettings.matchOrder", Problem.of("settings.problem.matchOrder"));
		}
		return problems;
	}

	/** A filter must be a condition (true or false), not a value. */
	private static void condition(Map<String, Problem> problems, String field, String source) {
		try {
			MappingExpression.parseCondition(source == null ? "" : source);
		}
		catch (ExpressionException ex) {
			problems.put(field, Problem.of(AT_POSITION, ex.getMessage(), ex.position()));
		}
	}

	private static void names(Map<String, Problem> problems, String field, List<String> names) {
		if (names.size() > 100) {
			problems.put(field, Problem.of("settings.problem.tooManyGroups"));
		}
		for (String name : names) {
			if (name == null || name.isBlank() || name.length() > 255 || name.chars().anyMatch(c -> c < 0x20)) {
				problems.put(field, Problem.of("settings.problem.groupName"));
			}
		}
	}

	/**
	 * Every pattern must be a usable glob ({@link GroupPattern}); the first problem is
	 * reported.
	 */
	private static void patterns(Map<String, Problem> problems, List<String> patterns) {
		if (patterns.size() > 50) {
			problems.put("groupPush.patterns", Problem.of("settings.problem.tooManyPatterns"));
			return;
		}
		for (String pattern : patterns) {
			var problem = GroupPattern.problem(pattern);
			if (problem.isPresent()) {
				// GroupPattern says what is wrong with the pattern, in its own words
				problems.put("groupPush.patterns", Problem.detail(problem.get()));
				return;
			}
		}
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	/** What changed, part by part, as the audit log shows it: {part: {before, after}}. */
	public static Map<String, Object> diff(ProvisioningConfig before, ProvisioningConfig after) {
		return Diff.attributes(parts(before), parts(after));
	}

	/** The document's parts by name, each compared (and recorded) as its text. */
	private static Map<String, Object> parts(ProvisioningConfig config) {
		Map<String, Object> parts = new LinkedHashMap<>();
		parts.put("enabled", config.enabled());
		parts.put("features", config.features());
		parts.put("passwordPolicy", config.passwordPolicy());
		parts.put("scope", config.scope());
		parts.put("userTypes", config.userTypes());
		parts.put("mappings", config.mappings());
		parts.put("groupPush", config.groupPush());
		parts.put("importSettings", config.importSettings());
		parts.put("deprovisioning", config.deprovisioning());
		parts.put("safety", config.safety());
		parts.put("reconcileIntervalMinutes", config.reconcileIntervalMinutes());
		return parts;
	}

}
