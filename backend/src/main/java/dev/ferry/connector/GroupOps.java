package dev.ferry.connector;

import java.util.Collection;
import java.util.List;

/** The groups of a target (Push Groups). */
public interface GroupOps {

	List<AccountGroup> groups();

	AccountGroup createGroup(String name, Collection<String> memberIds);

	void renameGroup(String groupId, String name);

	/**
	 * Deletes a group (not its members' accounts); an unknown id is
	 * {@link ConnectorException.Kind#UNKNOWN_ID}.
	 */
	void deleteGroup(String groupId);

	/** Adds members in as few calls as the target allows. */
	void addMembers(String groupId, Collection<String> accountIds);

	void removeMembers(String groupId, Collection<String> accountIds);

	/** The most members one group may have. */
	int groupCapacity();

}
