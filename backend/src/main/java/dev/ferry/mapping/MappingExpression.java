package dev.ferry.mapping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ferry.mapping.internal.Program;

/**
 * A parsed mapping expression such as {@code coalesce(user.department, "Staff")} or, as a
 * filter, {@code user.department == "Sales" and not startsWith(user.login, "svc-")}. The
 * language is described in docs/mappings.md. Instances are immutable and thread-safe;
 * parse once, evaluate per person.
 *
 * <p>
 * Roots given to evaluation: {@code "user"} → the Okta profile as a Map (plus id, login,
 * status), {@code "account"} → the ShareFile account's attributes as a Map,
 * {@code "groups"} → the person's Okta group names as a List. A missing root is treated
 * as empty.
 */
public final class MappingExpression {

	private final String source;

	private final Program program;

	private MappingExpression(String source, Program program) {
		this.source = source;
		this.program = program;
	}

	/**
	 * @throws ExpressionException with the position of the first problem
	 */
	public static MappingExpression parse(String source) {
		return new MappingExpression(source, Program.compile(source));
	}

	/**
	 * Parses a filter: like {@link #parse} but also refuses an expression that can never
	 * be true or false, such as {@code user.firstName + "x"} or {@code "Sales"}.
	 */
	public static MappingExpression parseCondition(String source) {
		MappingExpression expression = parse(source);
		if (!expression.program.canBeCondition()) {
			throw new ExpressionException(
					"a filter must give true or false, but this gives " + expression.program.resultDescription(),
					"compare it, e.g. user.department == \"Sales\"", source, 0);
		}
		return expression;
	}

	/**
	 * The value: a String, Long, BigDecimal, Boolean, null, or a List of Strings (for
	 * {@code groups} or a multi-valued attribute).
	 * @throws ExpressionException only when text built by {@code +}, concat, join or
	 * replace would exceed 4,096 characters
	 */
	public Object evaluate(Map<String, Object> roots) {
		return this.program.run(roots);
	}

	/**
	 * The value as text: null stays null, numbers and booleans become their text, lists
	 * join with ",".
	 */
	public String evaluateToString(Map<String, Object> roots) {
		Object value = evaluate(roots);
		return switch (value) {
			case null -> null;
			case BigDecimal d -> d.toPlainString();
			case List<?> l -> String.join(",", l.stream().map(String::valueOf).toList());
			default -> value.toString();
		};
	}

	/**
	 * For filters: true only when the value is true (or the text "true"); null and
	 * anything else are false.
	 */
	public boolean test(Map<String, Object> roots) {
		Object value = evaluate(roots);
		return value instanceof Boolean b ? b : value instanceof String s && s.equalsIgnoreCase("true");
	}

	/**
	 * The attribute paths read under a root, e.g. {@code {"firstName", "lastName"}} for
	 * {@code "user"}; nested paths keep their dots ({@code "address.city"}). Empty for an
	 * unknown root or for {@code "groups"}, which has no attributes (see
	 * {@link #usesGroups()}).
	 */
	public Set<String> referencedAttributes(String root) {
		return this.program.attributes(root);
	}

	/**
	 * Whether the value depends on the person's groups ({@code groups} or
	 * {@code memberOf}).
	 */
	public boolean usesGroups() {
		return this.program.usesGroups();
	}

	public String source() {
		return this.source;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof MappingExpression that && this.source.equals(that.source);
	}

	@Override
	public int hashCode() {
		return this.source.hashCode();
	}

	@Override
	public String toString() {
		return this.source;
	}

}
