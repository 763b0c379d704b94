package dev.ferry.provisioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.util.MultiValueMap;

import dev.ferry.provisioning.ProvisioningConfig.Deprovisioning;
import dev.ferry.provisioning.ProvisioningConfig.Features;
import dev.ferry.provisioning.ProvisioningConfig.GroupPush;
import dev.ferry.provisioning.ProvisioningConfig.ImportSettings;
import dev.ferry.provisioning.ProvisioningConfig.Mapping;
import dev.ferry.provisioning.ProvisioningConfig.PasswordPolicy;
import dev.ferry.provisioning.ProvisioningConfig.Safety;
import dev.ferry.provisioning.ProvisioningConfig.Scope;
import dev.ferry.provisioning.ProvisioningConfig.UserTypes;
import dev.ferry.provisioning.internal.config.ConfigValidation;
import dev.ferry.system.Problem;

/**
 * The provisioning settings form as typed: text stays text until it is saved, so a
 * refused form comes back exactly as it was. Reads only the parameters the form owns,
 * with lengths capped, and turns them into a {@link ProvisioningConfig} plus the problems
 * it found parsing (numbers, choices).
 *
 * <p>
 * Parameter names are the configuration's field paths ({@code scope.filter},
 * {@code mappings[2].expression}), the same keys {@code ConfigValidation} reports
 * problems under. That is why the form reads them itself rather than through Spring's
 * data binder: the names are nested and indexed, while the form keeps the text flat and
 * exactly as typed, so a refused form comes back unchanged.
 */
record SettingsForm(boolean enabled, Map<String, Boolean> features, String passwordOnCreate, boolean requireAssignment,
		String scopeGroups, String scopeFilter, String clientGroups, String clientFilter, List<Row> mappings,
		String pushGroups, String pushPatterns, String namePrefix, String matchOrder, String createInSource,
		boolean requireConfirmation, String deprovisionAction, String reassignTo, String maxPercent, String maxCount,
		String reconcileInterval) {

	/**
	 * Empty rows offered below the mappings for new ones (more come with "add a row").
	 */
	static final int SPARE_ROWS = 3;

	/**
	 * Rows read from a post; the configuration allows 50 mappings, validation says so.
	 */
	static final int MAX_ROWS = 60;

	static final int MAX_EXPRESSION = 2_000;

	static final int MAX_TEXT = 255;

	static final int MAX_GROUP_LIST = 30_000;

	static final List<String> FEATURES = List.of("pushNewUsers", "pushProfileUpdates", "pushPasswordUpdates",
			"pushGroups", "importNewUsers", "importProfileUpdates");

	static final List<String> MATCH_ORDERS = List.of("EMAIL,USERNAME", "USERNAME,EMAIL", "EMAIL", "USERNAME");

	/** One mapping row as typed. */
	record Row(String target, String expression, String direction) {

		boolean empty() {
			return target.isBlank() && expression.isBlank();
		}

	}

	/** A form parsed into a configuration, with what could not even be parsed. */
	record Parsed(ProvisioningConfig config, Map<String, Problem> problems) {
	}

	static SettingsForm of(ProvisioningConfig config) {
		Features f = config.features();
		Map<String, Boolean> features = new LinkedHashMap<>();
		features.put("pushNewUsers", f.pushNewUsers());
		features.put("pushProfileUpdates", f.pushProfileUpdates());
		features.put("pushPasswordUpdates", f.pushPasswordUpdates());
		features.put("pushGroups", f.pushGroups());
		features.put("importNewUsers", f.importNewUsers());
		features.put("importProfileUpdates", f.importProfileUpdates());
		List<Row> rows = config.mappings()
			.stream()
			.map(m -> new Row(orEmpty(m.target()), orEmpty(m.expression()),
					m.direction() == null ? Mapping.Direction.TO_TARGET.name() : m.direction().name()))
			.collect(Collectors.toCollection(ArrayList::new));
		return new SettingsForm(config.enabled(), features, config.passwordPolicy().onCreate().name(),
				config.scope().requireAssignment(), String.join(", ", config.scope().groups()),
				orEmpty(config.scope().filter()), String.join(", ", config.userTypes().clientGroups()),
				orEmpty(config.userTypes().clientFilter()), withSpares(rows),
				String.join(", ", config.groupPush().groups()), String.join(", ", config.groupPush().patterns()),
				orEmpty(config.groupPush().namePrefix()),
				config.importSettings().matchOrder().stream().map(Enum::name).collect(Collectors.joining(",")),
				config.importSettings().createInSource().name(), config.importSettings().requireConfirmation(),
				config.deprovisioning().action().name(), orEmpty(config.deprovisioning().reassignTo()),
				Integer.toString(config.safety().maxPercent()), Integer.toString(config.safety().maxCount()),
				Integer.toString(config.reconcileIntervalMinutes()));
	}

	/** Reads the form's own parameters, nothing else; empty mapping rows are dropped. */
	static SettingsForm of(MultiValueMap<String, String> params) {
		Map<String, Boolean> features = new LinkedHashMap<>();
		FEATURES.forEach(name -> features.put(name, checked(params, "features." + name)));
		List<Row> rows = new ArrayList<>();
		for (int i = 0; i < MAX_ROWS; i++) {
			String prefix = "mappings[" + i + "].";
			if (!params.containsKey(prefix + "target") && !params.containsKey(prefix + "expression")) {
				continue;
			}
			Row row = new Row(text(params, prefix + "target", MAX_TEXT),
					text(params, prefix + "expression", MAX_EXPRESSION), text(params, prefix + "direction", 20));
			if (!row.empty()) {
				rows.add(row);
			}
		}
		return new SettingsForm(checked(params, "enabled"), features, text(params, "passwordPolicy.onCreate", 20),
				checked(params, "scope.requireAssignment"), text(params, "scope.groups", MAX_GROUP_LIST),
				text(params, "scope.filter", MAX_EXPRESSION), text(params, "userTypes.clientGroups", MAX_GROUP_LIST),
				text(params, "userTypes.clientFilter", MAX_EXPRESSION), rows,
				text(params, "groupPush.groups", MAX_GROUP_LIST), text(params, "groupPush.patterns", MAX_GROUP_LIST),
				text(params, "groupPush.namePrefix", 100), text(params, "importSettings.matchOrder", 40),
				text(params, "importSettings.createInSource", 20),
				checked(params, "importSettings.requireConfirmation"), text(params, "deprovisioning.action", 20),
				text(params, "deprovisioning.reassignTo", MAX_TEXT), text(params, "safety.maxPercent", 12),
				text(params, "safety.maxCount", 12), text(params, "reconcileIntervalMinutes", 12));
	}

	/** The same form with spare rows below its mappings, as the page shows it. */
	SettingsForm forDisplay() {
		return new SettingsForm(enabled, features, passwordOnCreate, requireAssignment, scopeGroups, scopeFilter,
				clientGroups, clientFilter, withSpares(mappings), pushGroups, pushPatterns, namePrefix, matchOrder,
				createInSource, requireConfirmation, deprovisionAction, reassignTo, maxPercent, maxCount,
				reconcileInterval);
	}

	Parsed parse() {
		Map<String, Problem> problems = new LinkedHashMap<>();
		Features parsedFeatures = new Features(on("pushNewUsers"), on("pushProfileUpdates"), on("pushPasswordUpdates"),
				on("pushGroups"), on("importNewUsers"), on("importProfileUpdates"));
		PasswordPolicy.OnCreate onCreate = choice(PasswordPolicy.OnCreate.class, passwordOnCreate,
				PasswordPolicy.OnCreate.RANDOM, "passwordPolicy.onCreate", problems);
		List<Mapping> parsedMappings = new ArrayList<>();
		for (int i = 0; i < mappings.size(); i++) {
			Row row = mappings.get(i);
			Mapping.Direction direction = choice(Mapping.Direction.class, row.direction(), Mapping.Direction.TO_TARGET,
					"mappings[" + i + "].direction", problems);
			parsedMappings.add(new Mapping(row.target().strip(), row.expression(), direction));
		}
		List<ImportSettings.MatchRule> order = new ArrayList<>();
		for (String rule : matchOrder.split(",")) {
			Arrays.stream(ImportSettings.MatchRule.values())
				.filter(candidate -> candidate.name().equals(rule.strip()))
				.filter(candidate -> !order.contains(candidate))
				.forEach(order::add);
		}
		ImportSettings.CreateInSource create = choice(ImportSettings.CreateInSource.class, createInSource,
				ImportSettings.CreateInSource.NEVER, "importSettings.createInSource", problems);
		Deprovisioning.Action action = choice(Deprovisioning.Action.class, deprovisionAction,
				Deprovisioning.Action.DISABLE, "deprovisioning.action", problems);
		int percent = number(maxPercent, "safety.maxPercent", problems);
		int count = number(maxCount, "safety.maxCount", problems);
		int interval = number(reconcileInterval, "reconcileIntervalMinutes", problems);
		ProvisioningConfig config = new ProvisioningConfig(enabled, parsedFeatures, new PasswordPolicy(onCreate),
				new Scope(requireAssignment, names(scopeGroups), scopeFilter.strip()),
				new UserTypes(names(clientGroups), clientFilter.strip()), List.copyOf(parsedMappings),
				new GroupPush(names(pushGroups), names(pushPatterns), namePrefix),
				new ImportSettings(List.copyOf(order), create, requireConfirmation),
				new Deprovisioning(action, reassignTo.strip()), new Safety(percent, count), interval);
		return new Parsed(config, problems);
	}

	private boolean on(String feature) {
		return Boolean.TRUE.equals(features.get(feature));
	}

	/**
	 * A comma-separated list of group names (or patterns): trimmed, blanks and repeats
	 * dropped, at most 200 kept.
	 */
	static List<String> names(String text) {
		Set<String> names = new LinkedHashSet<>();
		for (String name : text.split(",")) {
			String trimmed = name.strip();
			if (!trimmed.isEmpty() && names.size() < 200) {
				names.add(trimmed.length() > 300 ? trimmed.substring(0, 300) : trimmed);
			}
		}
		return List.copyOf(names);
	}

	private static <E extends Enum<E>> E choice(Class<E> type, String value, E fallback, String field,
			Map<String, Problem> problems) {
		for (E candidate : type.getEnumConstants()) {
			if (candidate.name().equals(value)) {
				return candidate;
			}
		}
		problems.put(field, Problem.of("settings.problem.choose"));
		return fallback;
	}

	private static int number(String value, String field, Map<String, Problem> problems) {
		String trimmed = value.strip();
		if (!trimmed.matches("\\d{1,9}")) {
			problems.put(field, Problem.of("settings.problem.wholeNumber"));
			return 0;
		}
		return Integer.parseInt(trimmed);
	}

	private static List<Row> withSpares(List<Row> rows) {
		List<Row> shown = new ArrayList<>(rows);
		for (int i = 0; i < SPARE_ROWS; i++) {
			shown.add(new Row("", "", Mapping.Direction.TO_TARGET.name()));
		}
		return shown;
	}

	private static boolean checked(MultiValueMap<String, String> params, String name) {
		List<String> values = params.get(name);
		return values != null && values.stream().anyMatch(v -> "true".equals(v) || "on".equals(v));
	}

	private static String text(MultiValueMap<String, String> params, String name, int max) {
		String value = params.getFirst(name);
		if (value == null) {
			return "";
		}
		return value.length() > max ? value.substring(0, max) : value;
	}

	private static String orEmpty(String value) {
		return value == null ? "" : value;
	}

}
