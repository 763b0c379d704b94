package dev.ferry.mapping;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ferry.mapping.AttributeMapping.Direction;
import dev.ferry.mapping.MappingSet.Field;
import dev.ferry.mapping.MappingSet.Problem;
import dev.ferry.mapping.MappingSet.Validation;

import static dev.ferry.mapping.AttributeMapping.toOkta;
import static dev.ferry.mapping.AttributeMapping.toShareFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MappingSetTest {

	private static final Set<String> SHAREFILE = Set.of("FirstName", "LastName", "Email", "Company",
			"Security.IsDisabled");

	private static final Set<String> OKTA = Set.of("firstName", "lastName", "email", "department");

	@Test
	void validRowsMakeASetThatMapsBothWays() {
		Validation validation = MappingSet.validate(
				List.of(toShareFile("FirstName", "user.firstName"),
						toShareFile("Company",
								"if(memberOf('Contractors'), 'Client', coalesce(user.organization, 'Ferry'))"),
						toShareFile("Email", "lower(user.email)"), toOkta("department", "account.Company")),
				SHAREFILE, OKTA);
		assertThat(validation.isValid()).isTrue();
		assertThat(validation.problems()).isEmpty();
		MappingSet set = validation.mappingSet().orElseThrow();
		Map<String, Object> roots = Map.of("user", Map.of("firstName", "Ada", "email", "ADA@Example.com"), "groups",
				List.of("Contractors"), "account", Map.of("Company", "Analytical Engines"));
		assertThat(set.toShareFile(roots)).containsExactly(Map.entry("FirstName", "Ada"),
				Map.entry("Company", "Client"), Map.entry("Email", "ada@example.com"));
		assertThat(set.toOkta(roots)).containsExactly(Map.entry("department", "Analytical Engines"));
		assertThat(set.referencedAttributes("user")).containsExactly("email", "firstName", "organization");
		assertThat(set.referencedAttributes("account")).containsExactly("Company");
		assertThat(set.usesGroups()).isTrue();
		assertThat(set.rows()).hasSize(4);
	}

	@Test
	void missingValuesStayInTheResultAsNull() {
		MappingSet set = MappingSet.validate(List.of(toShareFile("FirstName", "user.firstName")), SHAREFILE, OKTA)
			.mappingSet()
			.orElseThrow();
		assertThat(set.toShareFile(Map.of())).containsEntry("FirstName", null).hasSize(1);
		assertThat(set.toOkta(Map.of())).isEmpty();
	}

	@Test
	void reportsEveryProblemAgainstItsRow() {
		Validation validation = MappingSet.validate(Arrays.asList(toShareFile("FirstName", "user.firstName"), // 0
																												// fine
				toShareFile("FirstName", "user.givenName"), // 1 duplicate
				toShareFile("Firstname", "user.firstName"), // 2 unknown, close to
															// FirstName
				toShareFile("LastName", "lowerr(user.lastName)"), // 3 bad expression
				toShareFile("", "user.x"), // 4 no target
				new AttributeMapping("Email", "user.email", null), // 5 no direction
				toOkta("firstName", "account.FirstName"), // 6 fine: other direction,
															// other namespace
				toOkta("department", "  "), // 7 empty expression
				null, // 8 empty row
				toShareFile("Nope", "user.a +")), // 9 two problems
				SHAREFILE, OKTA);
		assertThat(validation.isValid()).isFalse();
		assertThat(validation.mappingSet()).isEmpty();
		assertThat(validation.problems()).containsExactly(
				new Problem(1, Field.TARGET, "'FirstName' is already mapped to ShareFile in an earlier row", -1),
				new Problem(2, Field.TARGET, "unknown ShareFile attribute 'Firstname'; did you mean 'FirstName'?", -1),
				new Problem(3, Field.EXPRESSION, "unknown function 'lowerr' at 0; did you mean 'lower'?", 0),
				new Problem(4, Field.TARGET, "the target attribute is missing", -1),
				new Problem(5, Field.DIRECTION, "choose the direction: to ShareFile or to Okta", -1),
				new Problem(7, Field.EXPRESSION, "expression is empty at 0; write for example user.firstName", 0),
				new Problem(8, Field.TARGET, "the row is empty", -1),
				new Problem(9, Field.TARGET, "unknown ShareFile attribute 'Nope'", -1),
				new Problem(9, Field.EXPRESSION, "expected a value but the expression ended at 8", 8));
		assertThat(validation.problemsInRow(9)).hasSize(2);
		assertThat(validation.problemsInRow(0)).isEmpty();
	}

	@Test
	void targetsAreCheckedAgainstTheirOwnSystem() {
		Validation validation = MappingSet.validate(
				List.of(toShareFile("firstName", "user.firstName"), toOkta("FirstName", "account.FirstName")),
				SHAREFILE, OKTA);
		assertThat(validation.problems()).extracting(Problem::message)
			.containsExactly("unknown ShareFile attribute 'firstName'; did you mean 'FirstName'?",
					"unknown Okta attribute 'FirstName'; did you mean 'firstName'?");
	}

	@Test
	void anUnknownOktaSchemaAcceptsAnyOktaTarget() {
		assertThat(MappingSet.validate(List.of(toOkta("costCenter", "account.Company")), SHAREFILE, null).isValid())
			.isTrue();
	}

	@Test
	void anEmptyListIsAValidEmptySet() {
		MappingSet set = MappingSet.validate(List.of(), SHAREFILE, OKTA).mappingSet().orElseThrow();
		assertThat(set.toShareFile(Map.of())).isEmpty();
		assertThat(set.usesGroups()).isFalse();
	}

	@Test
	void defaultsMapNamesEmailAndCompanyToShareFile() {
		MappingSet defaults = MappingSet.defaults();
		assertThat(defaults.rows()).containsExactly(toShareFile("FirstName", "user.firstName"),
				toShareFile("LastName", "user.lastName"), toShareFile("Email", "user.email"),
				toShareFile("Company", "coalesce(user.organization, \"\")"));
		assertThat(defaults.rows()).allMatch(row -> row.direction() == Direction.TO_SHAREFILE);
		Map<String, Object> user = new HashMap<>(
				Map.of("firstName", "Ada", "lastName", "Lovelace", "email", "ada@example.com"));
		assertThat(defaults.toShareFile(Map.of("user", user))).containsExactly(Map.entry("FirstName", "Ada"),
				Map.entry("LastName", "Lovelace"), Map.entry("Email", "ada@example.com"), Map.entry("Company", ""));
		user.put("organization", "Analytical Engines");
		assertThat(defaults.toShareFile(Map.of("user", user))).containsEntry("Company", "Analytical Engines");
		assertThat(defaults.referencedAttributes("user")).containsExactly("email", "firstName", "lastName",
				"organization");
		assertThat(MappingSet.validate(defaults.rows(), SHAREFILE, OKTA).isValid()).isTrue();
	}

	@Test
	void anEvaluationLimitNamesTheTarget() {
		MappingSet set = MappingSet.validate(List.of(toShareFile("Company", "user.big + user.big")), SHAREFILE, OKTA)
			.mappingSet()
			.orElseThrow();
		Map<String, Object> roots = Map.of("user", Map.of("big", "x".repeat(4000)));
		assertThatExceptionOfType(ExpressionException.class).isThrownBy(() -> set.toShareFile(roots))
			.withMessage("mapping of 'Company': the text made by '+' is longer than 4096 characters at 0; "
					+ "shorten it with left(...)");
	}

}
