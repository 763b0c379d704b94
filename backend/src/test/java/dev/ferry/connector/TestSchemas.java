package dev.ferry.connector;

import java.util.List;

/** Target schemas for unit tests of the engine, which has none of its own. */
public final class TestSchemas {

	/** Shaped like ShareFile's, as most tests and the docs' examples expect. */
	public static final TargetSchema SHAREFILE_LIKE = new TargetSchema(
			List.of("FirstName", "LastName", "Email", "Company"), "Email", "FirstName", "LastName",
			TargetSchema.mappings("FirstName", "user.firstName", "LastName", "user.lastName", "Email", "user.email",
					"Company", "coalesce(user.organization, \"\")"));

	private TestSchemas() {
	}

}
