package dev.ferry.provisioning.internal.groups;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.ProvisioningConfig.GroupPush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Choosing Okta groups by pattern and by name: what matches, what is refused and why,
 * renames.
 */
class GroupPatternTest {

	@ParameterizedTest(name = "{0} matches {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			Sales-*        | Sales-EMEA        | true
			Sales-*        | sales-us          | true
			Sales-*        | Sales-            | true
			Sales-*        | Presales-EMEA     | false
			Sales-*        | Sales             | false
			*-Contractors  | EMEA-Contractors  | true
			*-Contractors  | EMEA-Contractors2 | false
			*eng*          | Platform Engineers| true
			Team ?         | Team A            | true
			Team ?         | Team AB           | false
			Team ?         | Team              | false
			a*b*c          | aXXbYYbZZc        | true
			a*b*c          | aXXbYYbZZ         | false
			R&D (EU)       | r&d (eu)          | true
			C++ *          | C++ devs          | true
			v1.?           | v1.2              | true
			v1.?           | v102              | false
			Designers      | Designers         | true
			Designers      | Designers-2       | false
			""")
	void globsMatchTheWholeNameIgnoringCase(String glob, String name, boolean matches) {
		assertThat(new GroupPattern(glob.strip()).matches(name.strip())).isEqualTo(matches);
	}

	@Test
	void aHostileNameCannotMakeMatchingSlow() {
		String pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
		String name = "a".repeat(255);
		assertTimeoutPreemptively(Duration.ofSeconds(1),
				() -> assertThat(new GroupPattern(pattern).matches(name)).isFalse());
	}

	@Test
	void usablePatternsHaveNoProblem() {
		for (String glob : List.of("Sales-*", "*-Contractors", "Team ?", "R&D (EU)", "C++ *", "Designers")) {
			assertThat(GroupPattern.problem(glob)).as(glob).isEmpty();
		}
	}

	@Test
	void regularExpressionsAreRefusedWithWhatToWriteInstead() {
		assertThat(GroupPattern.problem("^Sales"))
			.hasValueSatisfying(problem -> assertThat(problem).contains("\"^Sales\"")
				.contains("'^' is not pattern syntax")
				.contains("not regular expressions")
				.contains("Sales-*"));
		assertThat(GroupPattern.problem("Sales.*")).hasValueSatisfying(problem -> assertThat(problem).contains("'.*'"));
		for (String regex : List.of("Sales$", "[Ss]ales", "Sales{2}", "Sales|Marketing", "Sales\\d")) {
			assertThat(GroupPattern.problem(regex)).as(regex).isPresent();
		}
	}

	@Test
	void aPatternOfOnlyWildcardsIsRefusedBecauseItWouldPushEverything() {
		assertThat(GroupPattern.problem("*")).hasValueSatisfying(
				problem -> assertThat(problem).contains("every group of the identity source, Everyone included"));
		assertThat(GroupPattern.problem("*?*")).isPresent();
	}

	@Test
	void emptyOverlongOrControlCharacterPatternsAreRefused() {
		assertThat(GroupPattern.problem("")).hasValue("A pattern cannot be empty.");
		assertThat(GroupPattern.problem("  ")).isPresent();
		assertThat(GroupPattern.problem(null)).isPresent();
		assertThat(GroupPattern.problem("S".repeat(256)))
			.hasValueSatisfying(problem -> assertThat(problem).contains("1 to 255 printable characters"));
		assertThat(GroupPattern.problem("Sales\n*")).isPresent();
	}

	@Test
	void aGroupIsChosenByExactNameOrByPattern() {
		GroupSelection selection = GroupSelection.of(new GroupPush(List.of("Designers"), List.of("Sales-*"), ""));
		assertThat(selection.chooses("Designers", null)).isTrue();
		assertThat(selection.chooses("designers", null)).as("names are exact").isFalse();
		assertThat(selection.chooses("Sales-EMEA", null)).isTrue();
		assertThat(selection.chooses("Marketing", null)).isFalse();
	}

	@Test
	void aGroupChosenByNameIsFollowedThroughARenameWhileThatNameIsConfigured() {
		GroupSelection selection = GroupSelection.of(new GroupPush(List.of("Designers"), List.of("Sales-*"), ""));
		assertThat(selection.chooses("Design Team", "Designers")).isTrue();
		assertThat(selection.chosenByName("Design Team", "Designers")).isEqualTo("Designers");
		assertThat(selection.chosenByName("Designers", null)).isEqualTo("Designers");
		assertThat(selection.chosenByName("Sales-EMEA", null)).as("chosen by a pattern only").isNull();

		GroupSelection without = GroupSelection.of(new GroupPush(List.of(), List.of("Sales-*"), ""));
		assertThat(without.chooses("Design Team", "Designers")).as("the name was taken out of the list").isFalse();
		assertThat(without.chooses("EMEA Sales", null)).as("renamed out of the pattern").isFalse();
	}

	@Test
	void documentsStoredBeforePatternsExistedChooseByNameOnly() {
		GroupPush old = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readValue("{\"groups\":[\"Designers\"],\"namePrefix\":\"Okta - \"}", GroupPush.class);
		assertThat(old.patterns()).isEmpty();
		assertThat(old.groups()).containsExactly("Designers");
		ProvisioningConfig defaults = ProvisioningConfig.defaults(dev.ferry.connector.TestSchemas.SHAREFILE_LIKE);
		assertThat(defaults.groupPush().patterns()).isEmpty();
		assertThat(defaults.groupPush().choosesAny()).isFalse();
	}

}
