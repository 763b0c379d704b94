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

import static dev.ferry.mapping.AttributeMapping.toSource;
import static dev.ferry.mapping.AttributeMapping.toTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MappingSetTest {

	private static final Set<String> SHAREFILE = Set.of("FirstName", "LastName", "Email", "Company",
			"Security.IsDisabled");

	private static final Set<String> OKTA = Set.of("firstName", "lastName", "email", "department");

	@Test
	void validRowsMakeASetThatMapsBothWays() {
		Validation validation = MappingSet.validate(
				List.of(toTarget("FirstName", "user.firstName"),
						toTarget("Company",
								"if(memberOf('Contractors'), 'Client', coalesce(user.organization, 'Ferry'))"),
						toTarget("Email", "lower(user.email)"), toSource("department", "account.Company")),
				SHAREFILE, OKTA);
		assertThat(validation.isValid()).isTrue();
		assertThat(validation.problems()).isEmpty();
		MappingSet set = validation.mappingSet().orElseThrow();
		Map<String, Object> roots = Map.of("user", Map.of("firstName", "Ada", "email", "ADA@Example.com"), "groups",
				List.of("Contractors"), "account", Map.of("Company", "Analytical Engines"));
		assertThat(set.toTarget(roots)).containsExactly(Map.entry("FirstName", "Ada"), Map.entry("Company", "Client"),
				Map.entry("Email", "ada@example.com"));
		assertThat(set.toSource(roots)).containsExactly(Map.entry("department", "Analytical Engines"));
		assertThat(set.referencedAttributes("user")).containsExactly("email", "firstName", "organization");
		assertThat(set.referencedAttributes("account")).containsExactly("Company");
		assertThat(set.usesGroups()).isTrue();
		assertThat(set.rows()).hasSize(4);
	}

	@Test
	void missingValuesStayInTheResultAsNull() {
		MappingSet set = MappingSet.validate(List.of(toTarget("FirstName", "user.firstName")), SHAREFILE, OKTA)
			.mappingSet()
			.orElseThrow();
		assertThat(set.toTarget(Map.of())).containsEntry("FirstName", null).hasSize(1);
		assertThat(set.toSource(Map.of())).isEmpty();
	}

	@Test
	void reportsEveryProblemAgainstItsRow() {
		Validation validation = MappingSet.validate(Arrays.asList(toTarget("FirstName", "user.firstName"), // 0
																											// fine
				toTarget("FirstName", "user.givenName"), // 1 duplicate
				toTarget("Firstname", "user.firstName"), // 2 unknown, close to
															// FirstName
				toTarget("LastName", "lowerr(user.lastName)"), // 3 bad expression
				toTarget("", "user.x"), // 4 no target
				new AttributeMapping("Email", "user.email", null), // 5 no direction
				toSource("firstName", "account.FirstName"), // 6 fine: other direction,
															// other namespace
				toSource("department", "  "), // 7 empty expression
				null, // 8 empty row
				toTarget("Nope", "user.a +")), // 9 two problems
				SHAREFILE, OKTA);
		assertThat(validation.isValid()).isFalse();
		assertThat(validation.mappingSet()).isEmpty();
		assertThat(validation.problems()).containsExactly(
				new Problem(1, Field.TARGET, "'FirstName' is already mapped to the target in an earlier row", -1),
				new Problem(2, Field.TARGET, "unknown attribute 'Firstname' of the target; did you mean 'FirstName'?",
						-1),
				new Problem(3, Field.EXPRESSION, "unknown function 'lowerr' at 0; did you mean 'lower'?", 0),
				new Problem(4, Field.TARGET, "the target attribute is missing", -1),
				new Problem(5, Field.DIRECTION, "choose the direction: to the target or to the identity source", -1),
				new Problem(7, Field.EXPRESSION, "expression is empty at 0; write for example user.firstName", 0),
				new Problem(8, Field.TARGET, "the row is empty", -1),
				new Problem(9, Field.TARGET, "unknown attribute 'Nope' of the target", -1),
				new Problem(9, Field.EXPRESSION, "expected a value but the expression ended at 8", 8));
		assertThat(validation.problemsInRow(9)).hasSize(2);
		assertThat(validation.problemsInRow(0)).isEmpty();
	}

	@Test
	void targetsAreCheckedAgainstTheirOwnSystem() {
		Validation validation = MappingSet.validate(
				List.of(toTarget("firstName", "user.firstName"), toSource("FirstName", "account.FirstName")), SHAREFILE,
				OKTA);
		assertThat(validation.problems()).extracting(Problem::message)
			.containsExactly("unknown attribute 'firstName' of the target; did you mean 'FirstName'?",
					"unknown attribute 'FirstName' of the identity source; did you mean 'firstName'?");
	}

	@Test
	void anUnknownOktaSchemaAcceptsAnyOktaTarget() {
		assertThat(MappingSet.validate(List.of(toSource("costCenter", "account.Company")), SHAREFILE, null).isValid())
			.isTrue();
	}

	@Test
	void anEmptyListIsAValidEmptySet() {
		MappingSet set = MappingSet.validate(List.of(), SHAREFILE, OKTA).mappingSet().orElseThrow();
		assertThat(set.toTarget(Map.of())).isEmpty();
		assertThat(set.usesGroups()).isFalse();
	}

	@Test
	void defaultsMapNamesEmailAndCompanyToShareFile() {
		MappingSet defaults = MappingSet.defaults();
		assertThat(defaults.rows()).containsExactly(toTarget("FirstName", "user.firstName"),
				toTarget("LastName", "user.lastName"), toTarget("Email", "user.email"),
				toTarget("Company", "coalesce(user.organization, \"\")"));
		assertThat(defaults.rows()).allMatch(row -> row.direction() == Direction.TO_TARGET);
		Map<String, Object> user = new HashMap<>(
				Map.of("firstName", "Ada", "lastName", "Lovelace", "email", "ada@example.com"));
		assertThat(defaults.toTarget(Map.of("user", user))).containsExactly(Map.entry("FirstName", "Ada"),
				Map.entry("LastName", "Lovelace"), Map.entry("Email", "ada@example.com"), Map.entry("Company", ""));
		user.put("organization", "Analytical Engines");
		assertThat(defaults.toTarget(Map.of("user", user))).containsEntry("Company", "Analytical Engines");
		assertThat(defaults.referencedAttributes("user")).containsExactly("email", "firstName", "lastName",
				"organization");
		assertThat(MappingSet.validate(defaults.rows(), SHAREFILE, OKTA).isValid()).isTrue();
	}

	@Test
	void anEvaluationLimitNamesTheTarget() {
		MappingSet set = MappingSet.validate(List.of(toTarget("Company", "user.big + user.big")), SHAREFILE, OKTA)
			.mappingSet()
			.orElseThrow();
		Map<String, Object> roots = Map.of("user", Map.of("big", "x".repeat(4000)));
		assertThatExceptionOfType(ExpressionException.class).isThrownBy(() -> set.toTarget(roots))
			.withMessage("mapping of 'Company': the text made by '+' is longer than 4096 characters at 0; "
					+ "shorten it with left(...)");
	}

}
