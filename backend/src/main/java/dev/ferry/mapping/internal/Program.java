package dev.ferry.mapping.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed expression ready to run: the tree plus what the engine asks of it up front
 * (which attributes it reads, whether it needs groups). Immutable and safe to share
 * between threads.
 */
public final class Program {

	private final String source;

	private final Node root;

	private final Map<String, Set<String>> attributes;

	private final boolean usesGroups;

	private Program(String source, Node root) {
		this.source = source;
		this.root = root;
		Map<String, Set<String>> found = Map.of(Roots.USER, new TreeSet<>(), Roots.ACCOUNT, new TreeSet<>());
		boolean[] groups = { false };
		collect(root, found, groups);
		this.attributes = Map.of(Roots.USER, Set.copyOf(found.get(Roots.USER)), Roots.ACCOUNT,
				Set.copyOf(found.get(Roots.ACCOUNT)));
		this.usesGroups = groups[0];
	}

	/**
	 * @throws dev.ferry.mapping.ExpressionException when the source is not a valid
	 * expression
	 */
	public static Program compile(String source) {
		return new Program(source, Parser.parse(source));
	}

	public Object run(Map<String, Object> roots) {
		return new Evaluator(this.source, roots).evaluate(this.root);
	}

	public Set<String> attributes(String root) {
		return this.attributes.getOrDefault(root, Set.of());
	}

	public boolean usesGroups() {
		return this.usesGroups;
	}

	/**
	 * Whether the expression can give true or false (a literal text or number cannot).
	 */
	public boolean canBeCondition() {
		return this.root.type() == Type.BOOLEAN || this.root.type() == Type.ANY;
	}

	/**
	 * What the expression gives, for messages: "text", "a number", "true or false", ...
	 */
	public String resultDescription() {
		return this.root.type().description();
	}

	private static void collect(Node node, Map<String, Set<String>> found, boolean[] groups) {
		switch (node) {
			case Node.Literal literal -> {
			}
			case Node.Variable variable -> {
				if (Roots.GROUPS.equals(variable.root())) {
					groups[0] = true;
				}
				else {
					found.get(variable.root()).add(variable.path());
				}
			}
			case Node.Call call -> {
				groups[0] |= call.function() == Builtin.MEMBER_OF;
				call.arguments().forEach(argument -> collect(argument, found, groups));
			}
			case Node.Concat concat -> concat.parts().forEach(part -> collect(part, found, groups));
			case Node.Compare compare -> {
				collect(compare.left(), found, groups);
				collect(compare.right(), found, groups);
			}
			case Node.Logic logic -> logic.operands().forEach(operand -> collect(operand, found, groups));
			case Node.Not not -> collect(not.operand(), found, groups);
		}
	}

}
