package dev.ferry.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property-style checks with a fixed seed (so a failure can be replayed): well-typed
 * random expressions always parse and evaluate, and random token soup is either parsed or
 * refused with an ExpressionException pointing inside the source — never any other
 * exception.
 */
class RandomExpressionTest {

	private static final List<String> ATTRIBUTES = List.of("firstName", "lastName", "email", "title", "n", "flag",
			"list", "nested", "missing", "ratio");

	private final Random random = new Random(20240611L);

	@Test
	void wellTypedRandomExpressionsEvaluateWithoutSurprises() {
		int evaluated = 0;
		while (evaluated < 3000) {
			String source = this.random.nextBoolean() ? text(0) : condition(0);
			if (source.length() > 1000) {
				continue;
			}
			MappingExpression expression;
			try {
				expression = MappingExpression.parse(source);
			}
			catch (ExpressionException ex) {
				fail("generated expression was refused: " + source + " → " + ex.getMessage());
				return;
			}
			assertThat(ATTRIBUTES).containsAll(expression.referencedAttributes("user"));
			for (int person = 0; person < 3; person++) {
				Map<String, Object> roots = randomRoots();
				try {
					Object value = expression.evaluate(roots);
					assertThat(value == null || value instanceof String || value instanceof Long
							|| value instanceof BigDecimal || value instanceof Boolean || value instanceof List<?>)
						.as("kind of %s from %s", value, source)
						.isTrue();
					expression.evaluateToString(roots);
					expression.test(roots);
				}
				catch (ExpressionException ex) {
					assertThat(ex.problem()).as(source).contains("is longer than 4096 characters");
				}
				catch (RuntimeException ex) {
					throw new AssertionError("evaluating " + source + " with " + roots, ex);
				}
			}
			evaluated++;
		}
	}

	@Test
	void tokenSoupIsParsedOrRefusedWithAPositionInside() {
		List<String> pieces = List.of("user", "account", "groups", ".", "firstName", "(", ")", ",", "'", "\"", "\\",
				"+", "==", "!=", "=", "!", "and", "or", "not", "lower", "if", "memberOf", "coalesce", "substring", " ",
				"\n", "1", "-", "2.5", "$", "{", "}", "#", "😀", "\uD83D", "null", "true", "x", "AND", "&");
		for (int i = 0; i < 20_000; i++) {
			StringBuilder soup = new StringBuilder();
			int length = 1 + this.random.nextInt(30);
			for (int j = 0; j < length; j++) {
				soup.append(pieces.get(this.random.nextInt(pieces.size())));
			}
			String source = soup.toString();
			try {
				MappingExpression expression = MappingExpression.parse(source);
				expression.evaluate(randomRoots());
			}
			catch (ExpressionException ex) {
				assertThat(ex.position()).as(source).isBetween(0, source.length());
				assertThat(ex.line()).as(source).isPositive();
				assertThat(ex.column()).as(source).isPositive();
				assertThat(ex.getMessage()).as(source).contains(" at " + ex.position());
			}
			catch (RuntimeException ex) {
				throw new AssertionError("parsing " + source, ex);
			}
		}
	}

	private String text(int depth) {
		if (depth >= 4) {
			return pick(this::stringLiteral, () -> "user." + attribute(), () -> "account.Company");
		}
		int d = depth + 1;
		return pick(this::stringLiteral, () -> "user." + attribute(), () -> "account.Company",
				() -> call("lower", text(d)), () -> call("upper", text(d)), () -> call("trim", text(d)),
				() -> call("capitalize", text(d)), () -> call("coalesce", text(d), text(d), text(d)),
				() -> call("default", text(d), text(d)), () -> call("concat", text(d), number(d), condition(d)),
				() -> text(d) + " + " + text(d), () -> call("substring", text(d), number(d)),
				() -> call("substring", text(d), number(d), number(d)), () -> call("substringBefore", text(d), text(d)),
				() -> call("substringAfter", text(d), text(d)), () -> call("replace", text(d), text(d), text(d)),
				() -> call("left", text(d), number(d)), () -> call("right", text(d), number(d)),
				() -> call("if", condition(d), text(d), text(d)), () -> call("join", "groups", text(d)),
				() -> call("join", "user.list", text(d)), () -> "(" + text(d) + ")", () -> "null");
	}

	private String number(int depth) {
		if (depth >= 4) {
			return pick(() -> String.valueOf(this.random.nextInt(20) - 5), () -> "user.n");
		}
		int d = depth + 1;
		return pick(() -> String.valueOf(this.random.nextInt(20) - 5), () -> "2.5", () -> "99999999999999999999",
				() -> "user.n", () -> "user.ratio", () -> call("length", text(d)), () -> call("length", "groups"));
	}

	private String condition(int depth) {
		if (depth >= 4) {
			return pick(() -> "true", () -> "false", () -> "user.flag");
		}
		int d = depth + 1;
		return pick(() -> "true", () -> "user.flag", () -> text(d) + " == " + text(d),
				() -> text(d) + " != " + number(d), () -> condition(d) + " and " + condition(d),
				() -> condition(d) + " or " + condition(d), () -> "not " + condition(d), () -> "(" + condition(d) + ")",
				() -> call("startsWith", text(d), text(d)), () -> call("endsWith", text(d), text(d)),
				() -> call("contains", text(d), text(d)), () -> call("contains", "groups", text(d)),
				() -> call("isEmpty", text(d)), () -> call("memberOf", text(d)),
				() -> call("equalsIgnoreCase", text(d), text(d)),
				() -> call("if", condition(d), condition(d), "user.flag"));
	}

	private String stringLiteral() {
		String[] samples = { "", "a", "Sales", " ", "@", ".", "\\\"", "\\\\", "\\n", "😀", "ß", "İ", "a@b.c",
				"aaaaaaaa" };
		String body = samples[this.random.nextInt(samples.length)] + samples[this.random.nextInt(samples.length)];
		return this.random.nextBoolean() ? "\"" + body + "\"" : "'" + body.replace("\\\"", "\"") + "'";
	}

	private String attribute() {
		return ATTRIBUTES.get(this.random.nextInt(ATTRIBUTES.size()));
	}

	private static String call(String function, String... arguments) {
		return function + "(" + String.join(", ", arguments) + ")";
	}

	@SafeVarargs
	private String pick(Supplier<String>... choices) {
		return choices[this.random.nextInt(choices.length)].get();
	}

	private Map<String, Object> randomRoots() {
		Map<String, Object> user = new HashMap<>();
		for (String attribute : ATTRIBUTES) {
			if (!attribute.equals("missing") && this.random.nextInt(4) > 0) {
				user.put(attribute, randomValue());
			}
		}
		List<String> groups = new ArrayList<>();
		for (int i = this.random.nextInt(4); i > 0; i--) {
			groups.add(pick(() -> "Sales", () -> "a", () -> "Everyone", () -> ""));
		}
		return Map.of("user", user, "account", Map.of("Company", "Ferry"), "groups", groups);
	}

	private Object randomValue() {
		return switch (this.random.nextInt(9)) {
			case 0 -> null;
			case 1 -> "";
			case 2 -> "Ada Lovelace";
			case 3 -> this.random.nextInt(100) - 50;
			case 4 -> this.random.nextDouble() * 1e6;
			case 5 -> this.random.nextBoolean();
			case 6 -> List.of("x", 1, true);
			case 7 -> Map.of("deeper", "y");
			default -> "😀aaaa@example.com";
		};
	}

}
