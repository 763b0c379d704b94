package dev.ferry.connector;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The accounts of a target: the one capability every target has (ConnId's search, create,
 * update and delete operations together). Every method may throw
 * {@link ConnectorException}; throttling (429/503, Retry-After) is signalled as
 * {@link ConnectorException.Kind#RETRYABLE} with the wait the target asked for.
 */
public interface AccountOps {

	/**
	 * Streams every account (all types, disabled ones too). The handler returns false to
	 * stop.
	 */
	void search(Predicate<Account> handler);

	Optional<Account> get(String id);

	/** The account with this e-mail (case-insensitive), if any. */
	Optional<Account> findByEmail(String email);

	/**
	 * Creates a full account (on a target with account types, {@link AccountTypeOp}, the
	 * type that uses a licence).
	 * @param attributes by the names of the target's {@link TargetSchema}
	 * @param password an initial password, or null to let the target invite the person
	 * @param notify whether the target tells the person (a welcome e-mail)
	 */
	Account create(Map<String, Object> attributes, String password, boolean notify);

	/** Sends only these attributes (a partial update). */
	Account update(String id, Map<String, Object> changes);

	void setDisabled(String id, boolean disabled);

	/**
	 * Deletes the account for good; what it owns goes to {@code reassignTo} (an account
	 * id), or is deleted when null.
	 */
	void delete(String id, String reassignTo);

}
