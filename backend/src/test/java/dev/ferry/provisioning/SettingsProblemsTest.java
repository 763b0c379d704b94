package dev.ferry.provisioning;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.util.LinkedMultiValueMap;

import dev.ferry.mapping.ExpressionException;
import dev.ferry.mapping.MappingExpression;
import dev.ferry.provisioning.ProvisioningConfig.Deprovisioning;
import dev.ferry.provisioning.ProvisioningConfig.GroupPush;
import dev.ferry.provisioning.ProvisioningConfig.ImportSettings;
import dev.ferry.provisioning.ProvisioningConfig.Mapping;
import dev.ferry.provisioning.ProvisioningConfig.Safety;
import dev.ferry.provisioning.ProvisioningConfig.Scope;
import dev.ferry.provisioning.internal.config.ConfigValidation;
import dev.ferry.system.Problem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings page's problems are message keys: resolved from messages.properties they
 * read word for word as the sentences the checks used to build, expression problems with
 * their position, and the caret finds that position in the key's arguments.
 */
class SettingsProblemsTest {

	private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

	SettingsProblemsTest() {
		// as the application configures it (spring.messages.*)
		messages.setBasename("messages");
		messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
		messages.setFallbackToSystemLocale(false);
	}

	@Test
	void eachCheckReadsAsItAlwaysDid() {
		ProvisioningConfig defaults = ProvisioningConfig.defaults(dev.ferry.connector.TestSchemas.SHAREFILE_LIKE);
		String longFilter = "\"" + "a".repeat(1_500) + "\" +";
		List<Mapping> mappings = new ArrayList<>(
				defaults.mappings().stream().filter(mapping -> !"Email".equals(mapping.target())).toList());
		mappings.set(0, new Mapping("FirstName", "lowerr(user.firstName)", Mapping.Direction.TO_TARGET));
		ProvisioningConfig config = new ProvisioningConfig(true, defaults.features(), defaults.passwordPolicy(),
				new Scope(true, List.of(" "), longFilter), defaults.userTypes(), mappings,
				new GroupPush(List.of(), List.of("^Sales"), "x".repeat(41)),
				new ImportSettings(List.of(), ImportSettings.CreateInSource.NEVER, true),
				new Deprovisioning(Deprovisioning.Action.DELETE, "nobody"), new Safety(101, 2_000_000), 4);

		Map<String, Problem> problems = ConfigValidation.problems(config,
				dev.ferry.connector.TestSchemas.SHAREFILE_LIKE, Set.of("firstName", "lastName", "email"));
		Map<String, String> text = text(problems);

		assertThat(text)
			.containsEntry("mappings", "Map the target's Email: accounts are matched and created by e-mail.")
			.containsEntry("scope.groups", "Group names are 1 to 255 printable characters.")
			.containsEntry("groupPush.namePrefix", "At most 40 characters.")
			.containsEntry("safety.maxPercent", "A percentage from 0 to 100.")
			.containsEntry("safety.maxCount", "A number from 0 to 1,000,000.")
			.containsEntry("reconcileIntervalMinutes", "Between 5 minutes and a week (10,080).")
			.containsEntry("deprovisioning.reassignTo",
					"Deleting accounts needs the e-mail of the ShareFile user who receives their files and groups.")
			.containsEntry("importSettings.matchOrder", "Choose at least one way to match accounts.")
			.containsEntry("scope.filter", conditionProblem(longFilter));
		// the mapping module's words, capitalised, with the position as the check wrote
		// it
		assertThat(text.get("mappings[0].expression")).matches("^[A-Z].*lowerr.* \\(position 0\\)$");
		assertThat(text.get("scope.filter")).as("a position is not grouped like a count").doesNotContain("1,5");
		assertThat(text.get("groupPush.patterns")).contains("\"^Sales\"", "Patterns are not regular expressions");
	}

	@Test
	void parsingProblemsReadAsTheyAlwaysDid() {
		LinkedMultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		params.add("passwordPolicy.onCreate", "SOMETIMES");
		params.add("safety.maxPercent", "five");
		Map<String, String> text = text(SettingsForm.of(params).parse().problems());
		assertThat(text).containsEntry("passwordPolicy.onCreate", "Choose one of the options.")
			.containsEntry("safety.maxPercent", "A whole number.");
	}

	@Test
	void theCaretStandsUnderTheProblemsPosition() {
		LinkedMultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		params.add("scope.filter", "user.a +");
		SettingsForm form = SettingsForm.of(params);
		Map<String, Problem> problems = Map.of("scope.filter", Problem.of(ConfigValidation.AT_POSITION, "oops", 7),
				"scope.groups", Problem.of("settings.problem.groupName"));

		Map<String, ProvisioningSettingsController.Caret> carets = ProvisioningSettingsController.carets(form,
				problems);

		assertThat(carets).containsOnlyKeys("scope.filter");
		assertThat(carets.get("scope.filter"))
			.isEqualTo(new ProvisioningSettingsController.Caret("user.a +", "       ^", 8));
	}

	/** What the check wrote before its words moved to the bundle. */
	private static String conditionProblem(String source) {
		try {
			MappingExpression.parseCondition(source);
			throw new AssertionError("expected a problem in " + source);
		}
		catch (ExpressionException ex) {
			return ex.getMessage() + " (position " + ex.position() + ")";
		}
	}

	private Map<String, String> text(Map<String, Problem> problems) {
		Map<String, String> text = new LinkedHashMap<>();
		problems.forEach((field, problem) -> text.put(field, messages.getMessage(problem, Locale.ENGLISH)));
		return text;
	}

}
