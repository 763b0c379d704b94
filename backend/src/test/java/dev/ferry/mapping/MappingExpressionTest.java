package dev.ferry.mapping;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MappingExpressionTest {

	private static final Map<String, Object> ROOTS = roots();

	private static Map<String, Object> roots() {
		Map<String, Object> user = new HashMap<>();
		user.put("id", "00u1");
		user.put("login", "ada.lovelace@example.com");
		user.put("status", "ACTIVE");
		user.put("firstName", "Ada");
		user.put("lastName", "Lovelace");
		user.put("email", "Ada.Lovelace@Example.com");
		user.put("title", "Senior Contractor");
		user.put("department", "Sales");
		user.put("blank", "");
		user.put("padded", "  Ada  ");
		user.put("nothing", null);
		user.put("age", 36);
		user.put("ratio", 1.5);
		user.put("active", true);
		user.put("activeText", "TRUE");
		user.put("emoji", "a😀b");
		user.put("address", Map.of("city", "London"));
		user.put("phones", List.of("+44 1", "+44 2"));
		Map<String, Object> account = Map.of("Email", "ada@sf.example", "Security.IsDisabled", false, "Security",
				Map.of("IsAdministrator", true));
		return Map.of("user", user, "account", account, "groups", List.of("Sales", "Everyone"));
	}

	private static Object eval(String source) {
		return MappingExpression.parse(source).evaluate(ROOTS);
	}

	private static String text(String source) {
		return MappingExpression.parse(source).evaluateToString(ROOTS);
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			user.firstName                                          | Ada
			lower(user.login)                                       | ada.lovelace@example.com
			upper(user.lastName)                                    | LOVELACE
			trim(user.padded)                                       | Ada
			capitalize('ada')                                       | Ada
			capitalize('')                                          | ''
			coalesce(user.department, "Staff")                      | Sales
			coalesce(user.missing, "Staff")                         | Staff
			coalesce(user.blank, user.nothing, "Staff")             | Staff
			coalesce(user.missing, user.nothing)                    | NULL
			default(user.missing, "x")                              | x
			user.firstName + " " + user.lastName                    | Ada Lovelace
			concat(user.firstName, ".", user.lastName)              | Ada.Lovelace
			concat(user.missing, 'x', 1, true)                      | x1true
			substring("abcdef", 2)                                  | cdef
			substring("abcdef", 1, 3)                               | bc
			substring("abcdef", -5, 99)                             | abcdef
			substring("abcdef", 4, 2)                               | ''
			substring(user.emoji, 1, 2)                             | 😀
			substringBefore(user.email, "@")                        | Ada.Lovelace
			substringBefore("no-at", "@")                           | no-at
			substringAfter(user.email, "@")                         | Example.com
			substringAfter("no-at", "@")                            | ''
			replace(user.title, "Senior ", "")                      | Contractor
			replace("a.b.c", ".", "-")                              | a-b-c
			replace("abc", "", "x")                                 | abc
			left(user.lastName, 4)                                  | Love
			left(user.lastName, 99)                                 | Lovelace
			left(user.lastName, -1)                                 | ''
			right(user.lastName, 4)                                 | lace
			right(user.emoji, 2)                                    | 😀b
			length(user.lastName)                                   | 8
			length(user.emoji)                                      | 3
			length(user.missing)                                    | 0
			length(groups)                                          | 2
			startsWith(user.login, "ada")                           | true
			startsWith(user.login, "Ada")                           | false
			endsWith(user.login, ".com")                            | true
			contains(user.title, "Contractor")                      | true
			contains(groups, "Sales")                               | true
			contains(groups, "Sal")                                 | false
			equalsIgnoreCase(user.status, "active")                 | true
			isEmpty(user.blank)                                     | true
			isEmpty(user.missing)                                   | true
			isEmpty(user.firstName)                                 | false
			if(contains(user.title, "Contractor"), "Client", "Employee") | Client
			if(user.active, "yes", "no")                            | yes
			if(user.missing, "yes", "no")                           | no
			memberOf("Sales")                                       | true
			memberOf("sales")                                       | false
			join(groups, ", ")                                      | Sales, Everyone
			join(user.phones, ";")                                  | +44 1;+44 2
			join(user.firstName, ";")                               | Ada
			"it's " + 'say "hi"'                                    | it's say "hi"
			42                                                      | 42
			-7                                                      | -7
			3.25                                                    | 3.25
			user.age                                                | 36
			user.ratio                                              | 1.5
			user.address.city                                       | London
			account.Email                                           | ada@sf.example
			account.Security.IsDisabled                             | false
			account.Security.IsAdministrator                        | true
			user.phones                                             | +44 1,+44 2
			null                                                    | NULL
			""")
	void evaluatesEveryFunctionAndLiteral(String source, String expected) {
		assertThat(text(source)).isEqualTo("''".equals(expected) ? "" : expected);
	}

	@Test
	void escapesInStrings() {
		assertThat(eval("\"a\\\"b\\\\c\\nd\\te\\'f\"")).isEqualTo("a\"b\\c\nd\te'f");
		assertThat(eval("'He said \"no\"'")).isEqualTo("He said \"no\"");
	}

	@Test
	void valuesKeepTheirKind() {
		assertThat(eval("42")).isEqualTo(42L);
		assertThat(eval("3.25")).isEqualTo(new BigDecimal("3.25"));
		assertThat(eval("99999999999999999999")).isEqualTo(new BigDecimal("99999999999999999999"));
		assertThat(eval("user.age")).isEqualTo(36L);
		assertThat(eval("user.ratio")).isEqualTo(new BigDecimal("1.5"));
		assertThat(eval("true")).isEqualTo(true);
		assertThat(eval("user.active")).isEqualTo(true);
		assertThat(eval("groups")).isEqualTo(List.of("Sales", "Everyone"));
		assertThat(eval("user.address")).as("a nested object is not a value").isNull();
		assertThat(eval("length('abc')")).isEqualTo(3L);
	}

	@Test
	void plusTreatsNullAsEmpty() {
		assertThat(text("user.missing + user.firstName + user.nothing")).isEqualTo("Ada");
		assertThat(text("user.missing + user.nothing")).isEmpty();
		assertThat(text("user.age + 1")).as("+ joins text, it does not add").isEqualTo("361");
	}

	@Test
	void unknownAttributesAndMissingRootsAreNull() {
		assertThat(eval("user.noSuchAttribute")).isNull();
		assertThat(eval("user.firstName.deeper")).isNull();
		assertThat(eval("user.address.nowhere")).isNull();
		assertThat(eval("lower(user.noSuchAttribute)")).isNull();
		MappingExpression expression = MappingExpression.parse("account.Email + user.firstName");
		assertThat(expression.evaluate(Map.of())).isEqualTo("");
		assertThat(expression.evaluate(null)).isEqualTo("");
		assertThat(MappingExpression.parse("memberOf('Sales')").test(Map.of())).isFalse();
		assertThat(MappingExpression.parse("groups").evaluate(Map.of("groups", "not a list"))).isEqualTo(List.of());
	}

	@Test
	void textFunctionsKeepNullSoCoalesceCanCatchIt() {
		for (String function : List.of("lower", "upper", "trim", "capitalize")) {
			assertThat(eval(function + "(user.missing)")).as(function).isNull();
		}
		assertThat(eval("substringBefore(user.missing, '@')")).isNull();
		assertThat(eval("substringAfter(user.missing, '@')")).isNull();
		assertThat(eval("replace(user.missing, 'a', 'b')")).isNull();
		assertThat(eval("left(user.missing, 2)")).isNull();
		assertThat(eval("right(user.missing, 2)")).isNull();
		assertThat(eval("substring(user.missing, 2)")).isNull();
		assertThat(eval("left('abc', user.missing)")).as("no count, no result").isNull();
		assertThat(eval("left('abc', user.firstName)")).isNull();
		assertThat(eval("join(user.missing, ',')")).isNull();
		assertThat(eval("startsWith(user.missing, 'a')")).isEqualTo(false);
		assertThat(eval("contains(user.missing, 'a')")).isEqualTo(false);
		assertThat(eval("memberOf(user.missing)")).isEqualTo(false);
		assertThat(eval("coalesce(lower(user.missing), 'fallback')")).isEqualTo("fallback");
	}

	@Test
	void countsMayComeFromProfileText() {
		Map<String, Object> roots = Map.of("user", Map.of("n", "2", "s", "abcdef"));
		assertThat(MappingExpression.parse("left(user.s, user.n)").evaluate(roots)).isEqualTo("ab");
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			user.department == "Sales"                              | true
			user.department == "sales"                              | false
			user.department != "Sales"                              | false
			user.missing == null                                    | true
			user.missing == ""                                      | true
			user.firstName == null                                  | false
			user.age == 36                                          | true
			user.age == "36"                                        | true
			1 == 1.0                                                | true
			user.ratio == 1.50                                      | true
			user.active == true                                     | true
			user.department == "Sales" and not startsWith(user.login, "svc-") | true
			user.department == "Sales" and startsWith(user.login, "svc-")     | false
			user.department == "HR" or memberOf("Everyone")         | true
			not memberOf("Sales")                                   | false
			not not true                                            | true
			not user.department == "HR"                             | true
			user.activeText                                         | true
			user.firstName                                          | false
			user.missing                                            | false
			null                                                    | false
			""")
	void operatorsAndFilters(String source, boolean expected) {
		assertThat(MappingExpression.parse(source).test(ROOTS)).isEqualTo(expected);
	}

	@Test
	void precedenceIsPlusThenComparisonThenNotThenAndThenOr() {
		Map<String, Object> roots = Map.of("user", Map.of("a", "x", "b", "y", "c", "xy"));
		// a + b == c and d groups as ((a + b) == c) and d
		assertThat(MappingExpression.parse("user.a + user.b == user.c and true").test(roots)).isTrue();
		assertThat(MappingExpression.parse("user.a + user.b == user.c and false").test(roots)).isFalse();
		// or binds loosest: true or (false and false)
		assertThat(MappingExpression.parse("true or false and false").test(roots)).isTrue();
		assertThat(MappingExpression.parse("(true or false) and false").test(roots)).isFalse();
		// not binds tighter than and: (not false) and true
		assertThat(MappingExpression.parse("not false and true").test(roots)).isTrue();
		assertThat(MappingExpression.parse("not (false or true)").test(roots)).isFalse();
		// + binds tighter than ==, so this compares "xy" with "xy"
		assertThat(MappingExpression.parse("user.c == user.a + user.b").test(roots)).isTrue();
		assertThat(MappingExpression.parse("(user.a + user.b) == (user.c)").test(roots)).isTrue();
	}

	@Test
	void andOrShortCircuit() {
		// The right side would exceed the text limit if it were evaluated.
		String huge = "replace(replace(replace('aaaaaaaaaa', 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa') == ''";
		assertThat(MappingExpression.parse("false and " + huge).test(ROOTS)).isFalse();
		assertThat(MappingExpression.parse("true or " + huge).test(ROOTS)).isTrue();
		assertThat(MappingExpression.parse("if(true, 'ok', " + huge + ")").evaluate(ROOTS)).isEqualTo("ok");
		assertThat(MappingExpression.parse("coalesce('ok', " + huge + ")").evaluate(ROOTS)).isEqualTo("ok");
	}

	@Test
	void evaluateToStringGivesTextOrNull() {
		assertThat(text("user.missing")).isNull();
		assertThat(text("user.age")).isEqualTo("36");
		assertThat(text("user.ratio")).isEqualTo("1.5");
		assertThat(text("user.active")).isEqualTo("true");
		assertThat(text("groups")).isEqualTo("Sales,Everyone");
	}

	@Test
	void whitespaceAndLinesAreAllowed() {
		assertThat(text("\tif(\n  memberOf('Sales'),\r\n  'S',\n  'O')\n")).isEqualTo("S");
	}

	@Test
	void reportsReferencedAttributesPerRoot() {
		MappingExpression expression = MappingExpression.parse(
				"if(user.active and account.Security.IsDisabled == false, user.firstName + ' ' + user.lastName, coalesce(user.firstName, user.address.city))");
		assertThat(expression.referencedAttributes("user")).containsExactlyInAnyOrder("active", "firstName", "lastName",
				"address.city");
		assertThat(expression.referencedAttributes("account")).containsExactly("Security.IsDisabled");
		assertThat(expression.referencedAttributes("groups")).isEmpty();
		assertThat(expression.referencedAttributes("nope")).isEmpty();
		assertThat(expression.usesGroups()).isFalse();
		assertThat(MappingExpression.parse("memberOf('Sales')").usesGroups()).isTrue();
		assertThat(MappingExpression.parse("join(groups, ',')").usesGroups()).isTrue();
		assertThat(MappingExpression.parse("'x'").referencedAttributes("user")).isEmpty();
	}

	@Test
	void keepsItsSource() {
		MappingExpression expression = MappingExpression.parse(" lower(user.login) ");
		assertThat(expression.source()).isEqualTo(" lower(user.login) ");
		assertThat(expression).isEqualTo(MappingExpression.parse(" lower(user.login) "));
		assertThat(expression.toString()).isEqualTo(" lower(user.login) ");
	}

	@Test
	void parseConditionRefusesWhatCanNeverBeTrueOrFalse() {
		assertThat(MappingExpression.parseCondition("user.department == 'Sales'").test(ROOTS)).isTrue();
		assertThat(MappingExpression.parseCondition("user.active").test(ROOTS)).isTrue();
		assertThat(MappingExpression.parseCondition("if(user.active, true, false)").test(ROOTS)).isTrue();
		assertThatExceptionOfType(ExpressionException.class)
			.isThrownBy(() -> MappingExpression.parseCondition("user.firstName + 'x'"))
			.withMessage("a filter must give true or false, but this gives text at 0; compare it, e.g. "
					+ "user.department == \"Sales\"");
		assertThatExceptionOfType(ExpressionException.class)
			.isThrownBy(() -> MappingExpression.parseCondition("lower(user.department)"));
	}

}
