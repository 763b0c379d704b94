package dev.ferry.sandbox.okta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Okta's SCIM-like expressions for {@code filter} and {@code search}
 * (docs/reference/okta.md §1): attribute operator value,
 * {@code and}/{@code or}/{@code not}, parentheses; {@code and} binds tighter than
 * {@code or}. Attribute names are case-sensitive, operators are not. What each endpoint
 * accepts is given by {@link Rules}; anything else is an {@link IllegalArgumentException}
 * whose message is the cause to show the client.
 */
public final class ScimFilter {

	private ScimFilter() {
	}

	/**
	 * The values of an attribute on an item (several for arrays such as
	 * {@code target.id}); none if absent.
	 */
	public interface Resolver<T> {

		List<Object> values(T item, String attribute);

	}

	/** What an endpoint accepts. */
	public interface Rules {

		/**
		 * Throws {@link IllegalArgumentException} when the attribute or the operator on
		 * it is not supported.
		 */
		void check(String attribute, String operator);

		boolean isDate(String attribute);

		boolean caseInsensitiveValues();

		boolean allowNot();

	}

	public static <T> Predicate<T> parse(String expression, Rules rules, Resolver<T> resolver) {
		Parser<T> parser = new Parser<>(tokenize(expression), rules, resolver);
		Predicate<T> predicate = parser.or();
		if (parser.position < parser.tokens.size()) {
			throw new IllegalArgumentException(
					"Invalid filter expression: unexpected '" + parser.tokens.get(parser.position).text + "'");
		}
		return predicate;
	}

	private record Token(String text, boolean quoted) {
	}

	private static List<Token> tokenize(String expression) {
		List<Token> tokens = new ArrayList<>();
		int i = 0;
		while (i < expression.length()) {
			char c = expression.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '(' || c == ')') {
				tokens.add(new Token(String.valueOf(c), false));
				i++;
			}
			else if (c == '"') {
				StringBuilder value = new StringBuilder();
				i++;
				boolean closed = false;
				while (i < expression.length()) {
					char d = expression.charAt(i++);
					if (d == '\\' && i < expression.length()) {
						value.append(expression.charAt(i++));
					}
					else if (d == '"') {
						closed = true;
						break;
					}
					else {
						value.append(d);
					}
				}
				if (!closed) {
					throw new IllegalArgumentException("Invalid filter expression: unterminated string");
				}
				tokens.add(new Token(value.toString(), true));
			}
			else {
				int start = i;
				while (i < expression.length() && !Character.isWhitespace(expression.charAt(i))
						&& expression.charAt(i) != '(' && expression.charAt(i) != ')' && expression.charAt(i) != '"') {
					i++;
				}
				tokens.add(new Token(expression.substring(start, i), false));
			}
		}
		if (tokens.isEmpty()) {
			throw new IllegalArgumentException("Invalid filter expression: empty");
		}
		return tokens;
	}

	private static final Set<String> OPERATORS = Set.of("eq", "ne", "gt", "ge", "lt", "le", "sw", "co", "ew", "pr");

	private static final class Parser<T> {

		private final List<Token> tokens;

		private final Rules rules;

		private final Resolver<T> resolver;

		private int position;

		Parser(List<Token> tokens, Rules rules, Resolver<T> resolver) {
			this.tokens = tokens;
			this.rules = rules;
			this.resolver = resolver;
		}

		Predicate<T> or() {
			Predicate<T> left = and();
			while (peekKeyword("or")) {
				position++;
				left = left.or(and());
			}
			return left;
		}

		Predicate<T> and() {
			Predicate<T> left = unary();
			while (peekKeyword("and")) {
				position++;
				left = left.and(unary());
			}
			return left;
		}

		Predicate<T> unary() {
			Token token = next("an expression");
			if (!token.quoted && token.text.equalsIgnoreCase("not")) {
				if (!rules.allowNot()) {
					throw new IllegalArgumentException("Invalid filter expression: 'not' is not supported");
				}
				return unary().negate();
			}
			if (!token.quoted && token.text.equals("(")) {
				Predicate<T> inner = or();
				Token close = next("')'");
				if (close.quoted || !close.text.equals(")")) {
					throw new IllegalArgumentException("Invalid filter expression: expected ')'");
				}
				return inner;
			}
			if (token.quoted || token.text.equals(")")) {
				throw new IllegalArgumentException(
						"Invalid filter expression: expected an attribute, found '" + token.text + "'");
			}
			return comparison(token.text);
		}

		private Predicate<T> comparison(String attribute) {
			Token opToken = next("an operator after " + attribute);
			String operator = opToken.text.toLowerCase(Locale.ROOT);
			if (opToken.quoted || !OPERATORS.contains(operator)) {
				throw new IllegalArgumentException(
						"Invalid filter expression: unknown operator '" + opToken.text + "'");
			}
			rules.check(attribute, operator);
			if (operator.equals("pr")) {
				return item -> resolver.values(item, attribute).stream().anyMatch(v -> v != null);
			}
			Token valueToken = next("a value after " + attribute + " " + operator);
			if (!valueToken.quoted && (valueToken.text.equals("(") || valueToken.text.equals(")"))) {
				throw new IllegalArgumentException("Invalid filter expression: expected a value after " + attribute);
			}
			String literal = valueToken.text;
			if (rules.isDate(attribute)) {
				Instant date = OktaTime.parseOrNull(literal);
				if (date == null) {
					throw new IllegalArgumentException("Invalid date for " + attribute + ": '" + literal
							+ "' (expected YYYY-MM-DDTHH:mm:ss.SSSZ)");
				}
				return item -> resolver.values(item, attribute)
					.stream()
					.anyMatch(v -> v instanceof Instant actual && compareMatches(operator, actual.compareTo(date)));
			}
			boolean fold = rules.caseInsensitiveValues();
			String expected = fold ? literal.toLowerCase(Locale.ROOT) : literal;
			return item -> {
				for (Object value : resolver.values(item, attribute)) {
					if (value == null) {
						continue;
					}
					String actual = fold ? value.toString().toLowerCase(Locale.ROOT) : value.toString();
					if (matches(operator, actual, expected)) {
						return true;
					}
				}
				return operator.equals("ne") && resolver.values(item, attribute).isEmpty();
			};
		}

		private static boolean matches(String operator, String actual, String expected) {
			return switch (operator) {
				case "eq" -> actual.equals(expected);
				case "ne" -> !actual.equals(expected);
				case "sw" -> actual.startsWith(expected);
				case "co" -> actual.contains(expected);
				case "ew" -> actual.endsWith(expected);
				default -> compareMatches(operator, actual.compareTo(expected));
			};
		}

		private static boolean compareMatches(String operator, int comparison) {
			return switch (operator) {
				case "eq" -> comparison == 0;
				case "ne" -> comparison != 0;
				case "gt" -> comparison > 0;
				case "ge" -> comparison >= 0;
				case "lt" -> comparison < 0;
				case "le" -> comparison <= 0;
				default -> throw new IllegalArgumentException(
						"Invalid filter expression: operator '" + operator + "' does not apply to dates");
			};
		}

		private boolean peekKeyword(String keyword) {
			return position < tokens.size() && !tokens.get(position).quoted
					&& tokens.get(position).text.equalsIgnoreCase(keyword);
		}

		private Token next(String expected) {
			if (position >= tokens.size()) {
				throw new IllegalArgumentException("Invalid filter expression: expected " + expected);
			}
			return tokens.get(position++);
		}

	}

}
