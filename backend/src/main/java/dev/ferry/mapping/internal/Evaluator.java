package dev.ferry.mapping.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.ferry.mapping.ExpressionException;

/**
 * Walks the syntax tree against one person's roots. Never throws for missing or odd data
 * (an unknown attribute is null, a root that was not given is empty); the only error is
 * text built by {@code +}, concat, join or replace that would be longer than
 * {@link Values#MAX_TEXT}.
 */
final class Evaluator {

	private final String source;

	private final Map<String, Object> roots;

	Evaluator(String source, Map<String, Object> roots) {
		this.source = source;
		this.roots = (roots == null) ? Map.of() : roots;
	}

	Object evaluate(Node node) {
		return switch (node) {
			case Node.Literal literal -> literal.value();
			case Node.Variable variable -> lookup(variable);
			case Node.Call call -> call.function().apply(new Args(call));
			case Node.Concat concat -> concat(concat);
			case Node.Compare compare ->
				compare.equal() == Values.same(evaluate(compare.left()), evaluate(compare.right()));
			case Node.Logic logic -> logic(logic);
			case Node.Not not -> !Values.truthy(evaluate(not.operand()));
		};
	}

	private Object lookup(Node.Variable variable) {
		Object root = this.roots.get(variable.root());
		if (Roots.GROUPS.equals(variable.root())) {
			Object groups = Values.normalize(root);
			return groups instanceof List<?> ? groups : List.of();
		}
		return Values.normalize(walk(root, variable.path()));
	}

	/**
	 * Follows a dotted path through nested maps. At each level the rest of the path is
	 * first tried as one key, because some sources flatten names
	 * ({@code "Security.IsDisabled"}).
	 */
	private static Object walk(Object current, String path) {
		String rest = path;
		while (current instanceof Map<?, ?> map) {
			if (map.containsKey(rest)) {
				return map.get(rest);
			}
			int dot = rest.indexOf('.');
			if (dot < 0) {
				return null;
			}
			current = map.get(rest.substring(0, dot));
			rest = rest.substring(dot + 1);
		}
		return null;
	}

	private String concat(Node.Concat concat) {
		StringBuilder text = new StringBuilder();
		for (Node part : concat.parts()) {
			text.append(Values.textOrEmpty(evaluate(part)));
			if (text.length() > Values.MAX_TEXT) {
				throw tooLong("'+'", concat.position());
			}
		}
		return text.toString();
	}

	private boolean logic(Node.Logic logic) {
		for (Node operand : logic.operands()) {
			// Short-circuit: an 'and' stops at the first false, an 'or' at the first
			// true.
			if (Values.truthy(evaluate(operand)) != logic.all()) {
				return !logic.all();
			}
		}
		return logic.all();
	}

	private ExpressionException tooLong(String what, int position) {
		return new ExpressionException(
				"the text made by " + what + " is longer than " + Values.MAX_TEXT + " characters",
				"shorten it with left(...)", this.source, position);
	}

	/**
	 * A call's arguments, evaluated only when the function asks and at most once each.
	 */
	private final class Args implements Builtin.Arguments {

		private static final Object UNSET = new Object();

		private final Node.Call call;

		private final Object[] values;

		Args(Node.Call call) {
			this.call = call;
			this.values = new Object[call.arguments().size()];
			Arrays.fill(this.values, UNSET);
		}

		@Override
		public int size() {
			return this.values.length;
		}

		@Override
		public Object value(int index) {
			if (this.values[index] == UNSET) {
				this.values[index] = evaluate(this.call.arguments().get(index));
			}
			return this.values[index];
		}

		@Override
		public List<String> groups() {
			Object groups = Values.normalize(Evaluator.this.roots.get(Roots.GROUPS));
			return (groups instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
		}

		@Override
		public RuntimeException tooLong() {
			return Evaluator.this.tooLong("'" + this.call.function().functionName() + "'", this.call.position());
		}

	}

}
