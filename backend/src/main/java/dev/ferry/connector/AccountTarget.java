package dev.ferry.connector;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where accounts are provisioned (ShareFile), behind small operations in the spirit of
 * ConnId. Every method may throw {@link ConnectorException}; throttling (429/503,
 * Retry-After) is signalled as {@link ConnectorException.Kind#RETRYABLE} with the wait
 * the target asked for.
 */
public interface AccountTarget {

	/**
	 * Streams every account (employees and clients, disabled ones too). The handler
	 * returns false to stop.
	 */
	void search(Predicate<Account> handler);

	Optional<Account> get(String id);

	/** The account with this e-mail (case-insensitive), if any. */
	Optional<Account> findByEmail(String email);

	/**
	 * Creates an account: an employee (uses a licence) or a client.
	 * @param password an initial password, or null to let the target invite the person
	 */
	Account create(Map<String, Object> attributes, boolean employee, String password, boolean notify);

	/** Sends only these attributes (a partial update). */
	Account update(String id, Map<String, Object> changes);

	/** Turns a client into an employee (uses a licence). */
	Account promoteToEmployee(String id);

	void setPassword(String id, String password);

	void setDisabled(String id, boolean disabled);

	/**
	 * Deletes the account for good; its files and the groups it owns go to
	 * {@code reassignTo} (an account id), or are deleted when null.
	 */
	void delete(String id, String reassignTo);

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

	/** The most members one group may have (ShareFile: 2,000). */
	int groupCapacity();

}
