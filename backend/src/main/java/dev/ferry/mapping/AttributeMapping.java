package dev.ferry.mapping;

/**
 * One row of a tenant's mappings: the target attribute, the expression that computes it,
 * and which way it flows. Rows come from forms, so blank or null parts are allowed here
 * and reported by {@link MappingSet#validate} against the row rather than thrown.
 *
 * @param target an attribute of the target's accounts (TO_TARGET) or of the identity
 * source's profiles (TO_SOURCE)
 * @param expression the source of a {@link MappingExpression}
 * @param direction which system the value is written to; the other one masters it
 */
public record AttributeMapping(String target, String expression, Direction direction) {

	public enum Direction {

		/**
		 * The identity source masters the attribute; provisioning writes it to the
		 * target.
		 */
		TO_TARGET,

		/** The target masters the attribute; import writes it to the source's profile. */
		TO_SOURCE

	}

	public static AttributeMapping toTarget(String target, String expression) {
		return new AttributeMapping(target, expression, Direction.TO_TARGET);
	}

	public static AttributeMapping toSource(String target, String expression) {
		return new AttributeMapping(target, expression, Direction.TO_SOURCE);
	}

}
