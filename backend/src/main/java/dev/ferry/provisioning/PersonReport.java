package dev.ferry.provisioning;

import java.util.List;

import dev.ferry.connector.Identity;
import dev.ferry.system.Problem;

/**
 * Why one person is or is not in ShareFile, as the People page shows it.
 *
 * @param query the id or login asked for
 * @param state whether the identity source knew them, or could not be read
 * @param problem what went wrong (null when found)
 * @param identity the person as the source has them now (null unless found)
 * @param scope the scope decision in sentences: the rules that let them in, or those that
 * leave them out
 * @param match how their account is, or would be, found
 * @param computed each mapped ShareFile attribute, its value now and whether it differs
 * @param plan what Ferry would do now
 * @param enabled whether provisioning is on
 * @param link the link Ferry keeps (null: none, or not known without the source)
 * @param activity the latest operations, retries and dead letters
 */
public record PersonReport(String query, State state, Problem problem, Identity identity, boolean inScope,
		List<Problem> scope, Problem match, List<PersonExplanation.Computed> computed, List<OperationView> plan,
		boolean enabled, Link link, People.Activity activity) {

	public enum State {

		/** The source has them: everything is explained. */
		FOUND,
		/** The source knows nobody by that id or login. */
		NOBODY,
		/**
		 * Okta or ShareFile could not be read (or is not connected): only Ferry's
		 * records.
		 */
		UNREACHABLE

	}

	/** Their name as the source has it, else their login, else what was asked for. */
	public String displayName() {
		if (identity == null) {
			return query;
		}
		Object first = identity.profile().get("firstName");
		Object last = identity.profile().get("lastName");
		String name = ((first == null ? "" : first + " ") + (last == null ? "" : last)).strip();
		return name.isEmpty() ? identity.login() : name;
	}

	/** The id Ferry's records are keyed by, when known. */
	public String identityId() {
		if (identity != null) {
			return identity.id();
		}
		return query != null && query.matches(People.PERSON_ID) ? query : null;
	}

}
