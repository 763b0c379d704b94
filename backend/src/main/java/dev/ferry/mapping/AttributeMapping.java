package dev.ferry.mapping;

/**
 * One row of a tenant's mappings: the target attribute, the expression that computes it,
 * and which way it flows. Rows come from forms, so blank or null parts are allowed here
 * and reported by {@link MappingSet#validate} against the row rather than thrown.
 *
 * @param target a ShareFile attribute (TO_SHAREFILE) or an Okta profile attribute
 * (TO_OKTA)
 * @param expression the source of a {@link MappingExpression}
 * @param direction which system the value is written to; the other one masters it
 */
public record AttributeMapping(String target, String expression, Direction direction) {

	public enum Direction {

		/** Okta masters the attribute; provisioning writes it to ShareFile. */
		TO_SHAREFILE,

		/** ShareFile masters the attribute; import writes it to the Okta profile. */
		TO_OKTA

	}

	public static AttributeMapping toShareFile(String target, String expression) {
		return new AttributeMapping(target, expression, Direction.TO_SHAREFILE);
	}

	public static AttributeMapping toOkta(String target, String expression) {
		return new AttributeMapping(target, expression, Direction.TO_OKTA);
	}

}
