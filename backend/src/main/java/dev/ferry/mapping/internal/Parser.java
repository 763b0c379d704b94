package dev.ferry.mapping.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.ferry.mapping.ExpressionException;
import dev.ferry.mapping.internal.Token.Kind;

/**
 * Recursive descent over the grammar in docs/mappings.md, loosest binding first:
 * {@code or < and < not < == != < + < primary}. Checks arity and the types it can know,
 * so most mistakes surface when a tenant saves a mapping rather than during a run.
 */
final class Parser {

	static final int MAX_SOURCE = 1_000;

	static final int MAX_DEPTH = 32;

	private static final List<String> KEYWORDS = List.of("and", "or", "not", "true", "false", "null");

	private final String source;

	private final List<Token> tokens;

	private int next;

	private int depth;

	private Parser(String source, List<Token> tokens) {
		this.source = source;
		this.tokens = tokens;
	}

	static Node parse(String source) {
		if (source == null) {
			throw new ExpressionException("expression is missing", null, "", 0);
		}
		if (source.length() > MAX_SOURCE) {
			throw new ExpressionException("expression is too long (" + source.length() + " characters)",
					"the limit is " + MAX_SOURCE, source, MAX_SOURCE);
		}
		if (source.isBlank()) {
			throw new ExpressionException("expression is empty", "write for example user.firstName", source, 0);
		}
		Parser parser = new Parser(source, Lexer.tokenize(source));
		Node node = parser.or();
		Token rest = parser.peek();
		if (!rest.is(Kind.END)) {
			String keyword = rest.text().toLowerCase(Locale.ROOT);
			throw parser.error("unexpected " + rest.describe(),
					(rest.is(Kind.NAME) && KEYWORDS.contains(keyword))
							? "did you mean '" + keyword + "'? (keywords are lower case)"
							: "expected an operator (+ == != and or) or the end",
					rest.position());
		}
		return node;
	}

	private Node or() {
		return logic("or", false);
	}

	private Node and() {
		return logic("and", true);
	}

	/**
	 * A flat chain of {@code and} (all = true) or {@code or}, each operand a condition.
	 */
	private Node logic(String word, boolean all) {
		Node first = all ? not() : and();
		if (!peek().isWord(word)) {
			return first;
		}
		List<Node> operands = new ArrayList<>(List.of(condition(first)));
		while (peek().isWord(word)) {
			advance();
			operands.add(condition(all ? not() : and()));
		}
		return new Node.Logic(all, List.copyOf(operands), first.position());
	}

	private Node not() {
		if (!peek().isWord("not")) {
			return comparison();
		}
		Token not = advance();
		enter(not);
		Node operand = condition(not());
		this.depth--;
		return new Node.Not(operand, not.position());
	}

	private Node comparison() {
		Node left = concat();
		Token operator = peek();
		if (!operator.is(Kind.EQ) && !operator.is(Kind.NE)) {
			return left;
		}
		advance();
		Node right = concat();
		Token again = peek();
		if (again.is(Kind.EQ) || again.is(Kind.NE)) {
			throw error("comparisons cannot be chained", "use parentheses and 'and'", again.position());
		}
		return new Node.Compare(operator.is(Kind.EQ), notList(left), notList(right), operator.position());
	}

	private Node concat() {
		Node first = primary();
		if (!peek().is(Kind.PLUS)) {
			return first;
		}
		List<Node> parts = new ArrayList<>(List.of(notList(first)));
		while (peek().is(Kind.PLUS)) {
			advance();
			parts.add(notList(primary()));
		}
		return new Node.Concat(List.copyOf(parts), first.position());
	}

	private Node primary() {
		Token token = advance();
		return switch (token.kind()) {
			case STRING -> new Node.Literal(token.value(), Type.TEXT, token.position());
			case NUMBER -> new Node.Literal(token.value(), Type.NUMBER, token.position());
			case LPAREN -> {
				enter(token);
				Node inner = or();
				expect(Kind.RPAREN, "expected ')' to match the '(' at " + token.position());
				this.depth--;
				yield inner;
			}
			case NAME -> name(token);
			case END -> throw error("expected a value but the expression ended", null, token.position());
			default -> throw error("expected a value but found " + token.describe(), null, token.position());
		};
	}

	private Node name(Token token) {
		switch (token.text()) {
			case "true", "false" -> {
				return new Node.Literal(Boolean.valueOf(token.text()), Type.BOOLEAN, token.position());
			}
			case "null" -> {
				return new Node.Literal(null, Type.ANY, token.position());
			}
			case "and", "or", "not" ->
				throw error("expected a value but found '" + token.text() + "'", null, token.position());
			default -> {
				return peek().is(Kind.LPAREN) ? call(token) : variable(token);
			}
		}
	}

	private Node call(Token name) {
		Builtin function = Builtin.named(name.text())
			.orElseThrow(() -> error("unknown function '" + name.text() + "'",
					Suggestions.closest(name.text(), Builtin.names())
						.map(s -> "did you mean '" + s + "'?")
						.orElse("see the list of functions in the mapping help"),
					name.position()));
		enter(name);
		advance();
		List<Node> arguments = new ArrayList<>();
		if (!peek().is(Kind.RPAREN)) {
			arguments.add(or());
			while (peek().is(Kind.COMMA)) {
				advance();
				arguments.add(or());
			}
		}
		expect(Kind.RPAREN, "expected ',' or ')' in the call of '" + name.text() + "'");
		this.depth--;
		checkArity(function, arguments.size(), name.position());
		for (int i = 0; i < arguments.size(); i++) {
			String mismatch = function.param(i).mismatch(arguments.get(i).type());
			if (mismatch != null) {
				throw error("argument " + (i + 1) + " of '" + function.functionName() + "': " + mismatch,
						listHint(arguments.get(i)), arguments.get(i).position());
			}
		}
		return new Node.Call(function, List.copyOf(arguments), name.position());
	}

	private void checkArity(Builtin function, int given, int position) {
		int min = function.minArguments();
		int max = function.maxArguments();
		if (given >= min && given <= max) {
			return;
		}
		String takes = (min == max) ? String.valueOf(min)
				: (max == Integer.MAX_VALUE) ? "at least " + min : min + " or " + max;
		throw error("'" + function.functionName() + "' takes " + takes + " argument" + (max == 1 ? "" : "s")
				+ " but was given " + given, null, position);
	}

	private Node variable(Token root) {
		String name = root.text();
		if (!Roots.ALL.contains(name)) {
			throw error("unknown name '" + name + "'", unknownNameHint(name), root.position());
		}
		StringBuilder path = new StringBuilder();
		while (peek().is(Kind.DOT)) {
			Token dot = advance();
			if (!Roots.hasAttributes(name)) {
				throw error("'" + name + "' has no attributes", "use memberOf(\"Group name\")", dot.position());
			}
			Token attribute = advance();
			if (!attribute.is(Kind.NAME)) {
				throw error("expected an attribute name after '.'", null, attribute.position());
			}
			path.append(path.isEmpty() ? "" : ".").append(attribute.text());
		}
		if (Roots.hasAttributes(name) && path.isEmpty()) {
			throw error("'" + name + "' needs an attribute", "for example " + name + ".firstName", root.position());
		}
		if (peek().is(Kind.LPAREN)) {
			throw error("'" + name + (path.isEmpty() ? "" : "." + path) + "' is not a function",
					"there are no method calls; call a function by name, like lower(user.login)", root.position());
		}
		return new Node.Variable(name, path.toString(), root.position());
	}

	private String unknownNameHint(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (KEYWORDS.contains(lower)) {
			return "did you mean '" + lower + "'? (keywords are lower case)";
		}
		if (Builtin.named(name).isPresent()) {
			return "call it with parentheses: " + name + "(...)";
		}
		return Suggestions.closest(name, Roots.ALL)
			.map(s -> "did you mean '" + s + "'?")
			.orElse("names start with user., account. or groups");
	}

	private Node condition(Node node) {
		String mismatch = Builtin.Param.CONDITION.mismatch(node.type());
		if (mismatch != null) {
			throw error(mismatch, null, node.position());
		}
		return node;
	}

	private Node notList(Node node) {
		if (node.type() == Type.LIST) {
			throw error("a list cannot be compared or joined with +", listHint(node), node.position());
		}
		return node;
	}

	private static String listHint(Node node) {
		return node.type() == Type.LIST ? "use memberOf(\"Group name\") or join(groups, \", \")" : null;
	}

	private void enter(Token token) {
		if (++this.depth > MAX_DEPTH) {
			throw error("expression is nested too deeply",
					"the limit is " + MAX_DEPTH + " levels of parentheses, calls and 'not'", token.position());
		}
	}

	private void expect(Kind kind, String problem) {
		Token token = peek();
		if (!token.is(kind)) {
			throw error(problem + ", but found " + token.describe(), null, token.position());
		}
		advance();
	}

	private Token peek() {
		return this.tokens.get(this.next);
	}

	private Token advance() {
		Token token = this.tokens.get(this.next);
		if (!token.is(Kind.END)) {
			this.next++;
		}
		return token;
	}

	private ExpressionException error(String problem, String hint, int position) {
		return new ExpressionException(problem, hint, this.source, position);
	}

}
