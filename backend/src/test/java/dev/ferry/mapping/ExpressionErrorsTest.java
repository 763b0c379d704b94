package dev.ferry.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each malformed input gives a message a person can act on, at the exact 0-based
 * position.
 */
class ExpressionErrorsTest {

	private static ExpressionException parseError(String source) {
		ExpressionException error = catchThrowableOfType(ExpressionException.class,
				() -> MappingExpression.parse(source));
		assertThat(error).as("expected %s to be refused", source).isNotNull();
		return error;
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					lowerr(user.login)          | 0  | unknown function 'lowerr' at 0; did you mean 'lower'?
					Lower(user.login)           | 0  | unknown function 'Lower' at 0; did you mean 'lower'?
					frobnicate(user.login)      | 0  | unknown function 'frobnicate' at 0; see the list of functions in the mapping help
					lower()                     | 0  | 'lower' takes 1 argument but was given 0 at 0
					lower(user.a, user.b)       | 0  | 'lower' takes 1 argument but was given 2 at 0
					x == substring("x")         | 0  | unknown name 'x' at 0; names start with user., account. or groups
					'a' + substring("x")        | 6  | 'substring' takes 2 or 3 arguments but was given 1 at 6
					coalesce(user.a)            | 0  | 'coalesce' takes at least 2 arguments but was given 1 at 0
					`"abc`                      | 0  | `unterminated string at 0; close it with "`
					user.firstName + 'abc       | 17 | unterminated string at 17; close it with '
					user.firstName +            | 16 | expected a value but the expression ended at 16
					usr.firstName               | 0  | unknown name 'usr' at 0; did you mean 'user'?
					acount.Email                | 0  | unknown name 'acount' at 0; did you mean 'account'?
					user.firstName user.lastName | 15 | unexpected 'user' at 15; expected an operator (+ == != and or) or the end
					user.a AND user.b           | 7  | unexpected 'AND' at 7; did you mean 'and'? (keywords are lower case)
					(user.a                     | 7  | expected ')' to match the '(' at 0, but found the end of the expression at 7
					lower(user.a user.b)        | 13 | expected ',' or ')' in the call of 'lower', but found 'user' at 13
					lower(user.a))              | 13 | unexpected ')' at 13; expected an operator (+ == != and or) or the end
					lower(user.a,)              | 13 | expected a value but found ')' at 13
					`user.a == "x" == "y"`      | 14 | comparisons cannot be chained at 14; use parentheses and 'and'
					`"a\\q"`                    | 2  | `unknown escape '\\q' at 2; use \\" \\' \\\\ \\n or \\t`
					user.a && user.b            | 7  | unexpected '&' at 7; use 'and'
					!memberOf('x')              | 0  | unexpected '!' at 0; use 'not' to negate
					user.a = 'x'                | 7  | '=' alone means nothing here at 7; use '==' to compare
					user.getClass()             | 0  | 'user.getClass' is not a function at 0; there are no method calls; call a function by name, like lower(user.login)
					user.                       | 5  | expected an attribute name after '.' at 5
					user                        | 0  | 'user' needs an attribute at 0; for example user.firstName
					groups.x                    | 6  | 'groups' has no attributes at 6; use memberOf("Group name")
					lower                       | 0  | unknown name 'lower' at 0; call it with parentheses: lower(...)
					`if("x", "a", "b")`         | 3  | argument 1 of 'if': expected a condition (true or false) but this is text at 3
					lower(groups)               | 6  | argument 1 of 'lower': a list is not text at 6; use memberOf("Group name") or join(groups, ", ")
					`left(user.a, "3")`         | 13 | argument 2 of 'left': expected a number but this is text at 13
					user.firstName == groups    | 18 | a list cannot be compared or joined with + at 18; use memberOf("Group name") or join(groups, ", ")
					not 'x'                     | 4  | expected a condition (true or false) but this is text at 4
					'x' and true                | 0  | expected a condition (true or false) but this is text at 0
					and                         | 0  | expected a value but found 'and' at 0
					user.a - 1                  | 7  | unexpected character '-' (U+002D) at 7
					1abc                        | 1  | unexpected character 'a' (U+0061) after a number at 1
					user.näme                   | 6  | unexpected character 'ä' (U+00E4) at 6
					""")
	void refusesWithPositionAndHint(String source, int position, String message) {
		ExpressionException error = parseError(source);
		assertThat(error.getMessage()).isEqualTo(message);
		assertThat(error.position()).isEqualTo(position);
		assertThat(error.line()).isEqualTo(1);
		assertThat(error.column()).isEqualTo(position + 1);
	}

	@Test
	void pipesAreNotOr() {
		assertThat(parseError("user.a || user.b").getMessage()).isEqualTo("unexpected '|' at 7; use 'or'");
	}

	@Test
	void emptyAndMissing() {
		assertThat(parseError("").getMessage()).isEqualTo("expression is empty at 0; write for example user.firstName");
		assertThat(parseError("   ").position()).isZero();
		assertThat(parseError(null).getMessage()).isEqualTo("expression is missing at 0");
	}

	@Test
	void givesLineAndColumnOnLaterLines() {
		ExpressionException error = parseError("if(memberOf('Sales'),\n  lowr(user.a),\n  'x')");
		assertThat(error.position()).isEqualTo(24);
		assertThat(error.line()).isEqualTo(2);
		assertThat(error.column()).isEqualTo(3);
		assertThat(error.problem()).isEqualTo("unknown function 'lowr'");
		assertThat(error.hint()).isEqualTo("did you mean 'lower'?");
	}

	@Test
	void positionsCountUtf16UnitsLikeJavaScript() {
		// The emoji takes two UTF-16 units, so the portal's editor can underline with the
		// same index.
		ExpressionException error = parseError("'😀' + lowr('x')");
		assertThat(error.position()).isEqualTo(7);
	}

	@Test
	void invisibleCharactersAreShownByCodePoint() {
		assertThat(parseError("user.a\u200B").getMessage()).isEqualTo("unexpected character U+200B at 6");
		assertThat(parseError("user.a\u0000").getMessage()).isEqualTo("unexpected character U+0000 at 6");
	}

}
