package dev.ferry.mapping;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Input written to hurt: refused quickly, or evaluated within the limits, never reaching
 * Java.
 */
class HostileInputTest {

	private static final Duration FAST = Duration.ofMillis(500);

	private static ExpressionException refused(String source) {
		return assertTimeoutPreemptively(FAST, () -> {
			try {
				MappingExpression.parse(source);
			}
			catch (ExpressionException ex) {
				return ex;
			}
			throw new AssertionError(
					"expected " + source.substring(0, Math.min(60, source.length())) + " to be refused");
		});
	}

	@Test
	void tenThousandNestedParenthesesAreTooLong() {
		String source = "(".repeat(10_000) + "user.a" + ")".repeat(10_000);
		ExpressionException error = refused(source);
		assertThat(error.getMessage())
			.isEqualTo("expression is too long (20006 characters) at 1000; the limit is 1000");
	}

	@Test
	void nestingDeeperThan32IsRefusedWhereItStarts() {
		assertThat(MappingExpression.parse("(".repeat(32) + "user.a" + ")".repeat(32)).evaluate(Map.of())).isNull();
		ExpressionException error = refused("(".repeat(33) + "user.a" + ")".repeat(33));
		assertThat(error.position()).isEqualTo(32);
		assertThat(error.getMessage())
			.isEqualTo("expression is nested too deeply at 32; the limit is 32 levels of parentheses, calls and 'not'");
		assertThat(refused("lower(".repeat(40) + "'x'" + ")".repeat(40)).problem())
			.isEqualTo("expression is nested too deeply");
		assertThat(refused("not ".repeat(40) + "true").position()).isEqualTo(32 * 4);
	}

	@Test
	void aMegabyteStringIsRefusedBeforeAnyWork() {
		String source = "'" + "x".repeat(1 << 20) + "'";
		assertThat(refused(source).problem()).startsWith("expression is too long");
	}

	@Test
	void longFlatChainsWithinTheLimitAreFine() {
		String plus = "'a'" + " + 'a'".repeat(160);
		assertThat(MappingExpression.parse(plus).evaluate(Map.of())).isEqualTo("a".repeat(161));
		String and = "true" + " and true".repeat(100);
		assertThat(MappingExpression.parse(and).test(Map.of())).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "java.lang.Runtime", "java.lang.Runtime.getRuntime().exec('id')",
			"T(java.lang.Runtime).getRuntime()", "user.getClass().forName('java.lang.Runtime')", "${user.firstName}",
			"#{user.firstName}", "#this", "@bean", "new java.io.File('/')", "user['firstName']",
			"user.firstName; lower('x')", "`id`", "{}", "[1]", "user.a = 'x'", "System.exit(0)",
			"lower(user.a).toString()", "import('os')", "eval('1')", "__proto__.x" })
	void refusesWhatOtherLanguagesWouldRun(String source) {
		ExpressionException error = refused(source);
		assertThat(error.position()).isBetween(0, source.length());
	}

	@Test
	void attributeNamesThatLookLikeJavaAreJustData() {
		// 'class' is merely a missing attribute: nothing calls getClass().
		assertThat(MappingExpression.parse("user.class").evaluate(Map.of("user", Map.of()))).isNull();
		assertThat(MappingExpression.parse("user.class").evaluate(Map.of("user", Map.of("class", "A")))).isEqualTo("A");
	}

	@Test
	void textThatLooksLikeCodeStaysText() {
		Map<String, Object> roots = Map.of("user", Map.of("firstName", "${jndi:ldap://evil/a}", "lastName", "#{7*7}"));
		assertThat(MappingExpression.parse("user.firstName + user.lastName").evaluate(roots))
			.isEqualTo("${jndi:ldap://evil/a}#{7*7}");
		assertThat(MappingExpression.parse("'${x}' + \"#{y}\"").evaluate(roots)).isEqualTo("${x}#{y}");
	}

	@Test
	void unicodeIsTextInStringsAndRefusedInNames() {
		Map<String, Object> roots = Map.of("user", Map.of("name", "Zoë 😀 ß İ\u202Egnp.exe"));
		assertThat(MappingExpression.parse("upper(user.name)").evaluate(roots)).isEqualTo("ZOË 😀 SS İ\u202EGNP.EXE");
		assertThat(MappingExpression.parse("lower('İ')").evaluate(roots)).isEqualTo("i̇");
		assertThat(MappingExpression.parse("'日本語' + '\u202E'").evaluate(roots)).isEqualTo("日本語\u202E");
		assertThat(refused("user.名前").position()).isEqualTo(5);
		assertThat(refused("\u202Euser.a").getMessage()).isEqualTo("unexpected character U+202E at 0");
		assertThat(refused("user\uFF0Ea").position()).isEqualTo(4);
		assertThat(refused("'unterminated \uD83D").problem()).isEqualTo("unterminated string");
	}

	@Test
	void textBuildingIsCappedBeforeItGrows() {
		// Ten nested replaces would multiply 10 characters by 10^10; the count check
		// stops the first
		// that would pass 4,096 characters, without building it.
		String source = "replace(".repeat(10) + "'aaaaaaaaaa'" + ", 'a', 'aaaaaaaaaa')".repeat(10);
		MappingExpression expression = MappingExpression.parse(source);
		ExpressionException error = assertTimeoutPreemptively(FAST,
				() -> assertThatExceptionOfType(ExpressionException.class)
					.isThrownBy(() -> expression.evaluate(Map.of()))
					.actual());
		assertThat(error.getMessage())
			.isEqualTo("the text made by 'replace' is longer than 4096 characters at 56; shorten it with left(...)");
		// The eighth replace (at 7 × 8 characters) is the first whose result, 10,000
		// characters, is too long.
		assertThat(error.position()).isEqualTo(56);
	}

	@Test
	void concatenationAndJoinAreCapped() {
		Map<String, Object> roots = Map.of("user", Map.of("big", "x".repeat(3000)), "groups",
				java.util.Collections.nCopies(1000, "Group"));
		assertThatExceptionOfType(ExpressionException.class)
			.isThrownBy(() -> MappingExpression.parse("user.big + user.big").evaluate(roots))
			.withMessageStartingWith("the text made by '+' is longer than 4096 characters at 0");
		assertThatExceptionOfType(ExpressionException.class)
			.isThrownBy(() -> MappingExpression.parse("concat(user.big, user.big)").evaluate(roots))
			.withMessageStartingWith("the text made by 'concat'");
		assertThatExceptionOfType(ExpressionException.class)
			.isThrownBy(() -> MappingExpression.parse("join(groups, '; ')").evaluate(roots))
			.withMessageStartingWith("the text made by 'join'");
		assertThat(MappingExpression.parse("left(user.big + 'x', 5)").evaluate(roots)).isEqualTo("xxxxx");
		// Reading a long value is not building one: it passes through as Okta sent it.
		assertThat(MappingExpression.parse("user.big").evaluateToString(roots)).hasSize(3000);
	}

	@Test
	void hugeProfileValuesAndCountsAreHandledQuickly() {
		Map<String, Object> roots = Map.of("user", Map.of("big", "é".repeat(1 << 20)));
		assertTimeoutPreemptively(FAST, () -> {
			assertThat(MappingExpression.parse("length(user.big)").evaluate(roots)).isEqualTo(1L << 20);
			assertThat(MappingExpression.parse("left(user.big, 99999999999999999999)").evaluateToString(roots))
				.hasSize(1 << 20);
			assertThat(MappingExpression.parse("right(user.big, 2)").evaluate(roots)).isEqualTo("éé");
			assertThat(MappingExpression.parse("contains(user.big, 'x')").test(roots)).isFalse();
		});
	}

}
