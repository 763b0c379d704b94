package dev.ferry.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.ferry.mapping.AttributeMapping.Direction;
import dev.ferry.mapping.internal.Suggestions;

/**
 * A tenant's mappings, validated as a whole: every target is a known attribute, no target
 * is mapped twice in the same direction, every expression parses. Only {@link #validate}
 * and {@link #defaults()} make one, so a MappingSet in hand is always valid. Immutable
 * and thread-safe.
 */
public final class MappingSet {

	private final List<Row> rows;

	private MappingSet(List<Row> rows) {
		this.rows = List.copyOf(rows);
	}

	private record Row(AttributeMapping mapping, MappingExpression expression) {
	}

	/**
	 * What the portal shows against a row; {@code row} is the 0-based index in the list
	 * given.
	 */
	public record Problem(int row, Field field, String message, int position) {

		/** position when the problem is not inside the expression */
		public static final int NO_POSITION = -1;

	}

	public enum Field {

		TARGET, EXPRESSION, DIRECTION

	}

	/** The problems found, in row order, and the set when there were none. */
	public record Validation(List<Problem> problems, Optional<MappingSet> mappingSet) {

		public Validation {
			problems = List.copyOf(problems);
		}

		public boolean isValid() {
			return this.problems.isEmpty();
		}

		public List<Problem> problemsInRow(int row) {
			return this.problems.stream().filter(p -> p.row() == row).toList();
		}

	}

	/**
	 * @param knownTargetAttributes targets allowed for TO_TARGET rows
	 * @param knownSourceAttributes targets allowed for TO_SOURCE rows; null when the
	 * source's schema is not known, in which case any target is accepted
	 */
	public static Validation validate(List<AttributeMapping> rows, Set<String> knownTargetAttributes,
			Set<String> knownSourceAttributes) {
		List<Problem> problems = new ArrayList<>();
		List<Row> parsed = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < rows.size(); i++) {
			AttributeMapping mapping = rows.get(i);
			if (mapping == null) {
				problems.add(new Problem(i, Field.TARGET, "the row is empty", Problem.NO_POSITION));
				continue;
			}
			int before = problems.size();
			checkTarget(i, mapping, knownTargetAttributes, knownSourceAttributes, seen, problems);
			MappingExpression expression = parseExpression(i, mapping.expression(), problems);
			if (problems.size() == before) {
				parsed.add(new Row(mapping, expression));
			}
		}
		return new Validation(problems, problems.isEmpty() ? Optional.of(new MappingSet(parsed)) : Optional.empty());
	}

	private static void checkTarget(int row, AttributeMapping mapping, Set<String> targetAttributes,
			Set<String> sourceAttributes, Set<String> seen, List<Problem> problems) {
		Direction direction = mapping.direction();
		String target = mapping.target();
		if (direction == null) {
			problems.add(new Problem(row, Field.DIRECTION,
					"choose the direction: to the target or to the identity source", Problem.NO_POSITION));
			return;
		}
		if (target == null || target.isBlank()) {
			problems.add(new Problem(row, Field.TARGET, "the target attribute is missing", Problem.NO_POSITION));
			return;
		}
		Set<String> known = (direction == Direction.TO_TARGET) ? targetAttributes : sourceAttributes;
		String system = (direction == Direction.TO_TARGET) ? "the target" : "the identity source";
		if (known != null && !known.contains(target)) {
			String hint = Suggestions.closest(target, known).map(s -> "; did you mean '" + s + "'?").orElse("");
			problems.add(new Problem(row, Field.TARGET, "unknown attribute '" + target + "' of " + system + hint,
					Problem.NO_POSITION));
		}
		else if (!seen.add(direction + ":" + target)) {
			problems.add(new Problem(row, Field.TARGET,
					"'" + target + "' is already mapped to " + system + " in an earlier row", Problem.NO_POSITION));
		}
	}

	private static MappingExpression parseExpression(int row, String source, List<Problem> problems) {
		try {
			return MappingExpression.parse(source);
		}
		catch (ExpressionException ex) {
			problems.add(new Problem(row, Field.EXPRESSION, ex.getMessage(), ex.position()));
			return null;
		}
	}

	/**
	 * What a new tenant starts with: names, email and company flow from Okta to
	 * ShareFile.
	 */
	public static MappingSet defaults() {
		return validate(List.of(AttributeMapping.toTarget("FirstName", "user.firstName"),
				AttributeMapping.toTarget("LastName", "user.lastName"),
				AttributeMapping.toTarget("Email", "user.email"),
				AttributeMapping.toTarget("Company", "coalesce(user.organization, \"\")")), null, null)
			.mappingSet()
			.orElseThrow();
	}

	public List<AttributeMapping> rows() {
		return this.rows.stream().map(Row::mapping).toList();
	}

	/** ShareFile attribute → value for one person, in row order; values may be null. */
	public Map<String, Object> toTarget(Map<String, Object> roots) {
		return evaluate(Direction.TO_TARGET, roots);
	}

	/**
	 * Okta profile attribute → value for one ShareFile account (import), in row order.
	 */
	public Map<String, Object> toSource(Map<String, Object> roots) {
		return evaluate(Direction.TO_SOURCE, roots);
	}

	/**
	 * Attributes read under a root by any row: which Okta changes can alter what Ferry
	 * writes.
	 */
	public Set<String> referencedAttributes(String root) {
		Set<String> attributes = new TreeSet<>();
		this.rows.forEach(row -> attributes.addAll(row.expression().referencedAttributes(root)));
		return Collections.unmodifiableSet(attributes);
	}

	public boolean usesGroups() {
		return this.rows.stream().anyMatch(row -> row.expression().usesGroups());
	}

	private Map<String, Object> evaluate(Direction direction, Map<String, Object> roots) {
		// LinkedHashMap, not Map.of: row order is kept and a value may be null.
		Map<String, Object> values = new LinkedHashMap<>();
		for (Row row : this.rows) {
			if (row.mapping().direction() == direction) {
				values.put(row.mapping().target(), evaluate(row, roots));
			}
		}
		return Collections.unmodifiableMap(values);
	}

	private static Object evaluate(Row row, Map<String, Object> roots) {
		try {
			return row.expression().evaluate(roots);
		}
		catch (ExpressionException ex) {
			throw new ExpressionException("mapping of '" + row.mapping().target() + "': " + ex.problem(), ex.hint(),
					row.expression().source(), ex.position());
		}
	}

	@Override
	public String toString() {
		return "MappingSet" + rows();
	}

}
