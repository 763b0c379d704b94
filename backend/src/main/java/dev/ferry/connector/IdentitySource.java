package dev.ferry.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where identities come from (Okta), behind small operations in the spirit of ConnId:
 * search (streaming to a handler that can stop), get, sync (changes since a stored
 * token), create and update (for import), and the groups push rules and group push need.
 * Every method may throw {@link ConnectorException}.
 */
public interface IdentitySource {

	/**
	 * Streams every person assigned to the app (directly or by group), with their
	 * profile; groups are not filled in. The handler returns false to stop.
	 */
	void searchAssigned(Predicate<Identity> handler);

	/**
	 * One person, fresh, with groups filled in and {@code assigned} set; empty when the
	 * id is unknown.
	 */
	Optional<Identity> get(String id);

	/**
	 * The person, fresh, with groups, for a change that cannot have changed their
	 * assignment (a profile edit of someone already linked): {@code assigned} is reported
	 * true without asking. Sources whose assignment check is costly (Okta's app-user
	 * calls share a 100-a-minute limit) answer with fewer calls; the default simply asks
	 * everything.
	 */
	default Optional<Identity> getAssumingAssigned(String id) {
		return get(id);
	}

	/** Every group of the org (name and id). */
	List<SourceGroup> groups();

	/** The ids of a group's members, paged through completely. */
	List<String> groupMembers(String groupId);

	/**
	 * Changes since a stored position (Okta's System Log polling, {@code next} link): the
	 * ids of people and groups that changed, and the position to resume from next time. A
	 * null position starts now.
	 */
	Changes changesSince(String position);

	/**
	 * Creates a person (import from the target) with the profile given, assigned to the
	 * app. With {@code passwordImportHook} the person keeps their target password at
	 * first sign-in.
	 * @param activate false for STAGED
	 */
	Identity create(Map<String, Object> profile, boolean activate, boolean passwordImportHook);

	/**
	 * Sets the given profile attributes (a partial update) and returns the person as
	 * stored.
	 */
	Identity updateProfile(String id, Map<String, Object> changes);

	/**
	 * @param changedIdentities ids of people who changed (coalesced, duplicates removed)
	 * @param changedGroups ids of groups that changed (membership, name)
	 * @param position where to resume
	 * @param eventsByIdentity the ids of the events that named each person (Okta's event
	 * hook delivers the same ids), so a change already delivered by the hook need not be
	 * synced twice
	 */
	record Changes(List<String> changedIdentities, List<String> changedGroups, String position,
			java.util.Map<String, List<String>> eventsByIdentity) {

	}

}
