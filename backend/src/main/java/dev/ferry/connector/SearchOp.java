package dev.ferry.connector;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reading the people and groups of an identity source: the one capability every source
 * has.
 */
public interface SearchOp {

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

	/** Every group of the source (name and id). */
	List<SourceGroup> groups();

	/** The ids of a group's members, paged through completely. */
	List<String> groupMembers(String groupId);

}
