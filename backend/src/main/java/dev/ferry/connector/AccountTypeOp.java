package dev.ferry.connector;

import java.util.Map;

/**
 * Two types of account: full accounts that use a licence ("employees", what
 * {@link AccountOps#create} makes) and guest accounts that do not ("clients"). Push rules
 * that make someone a client need a target with this capability.
 */
public interface AccountTypeOp {

	/** Creates a guest account; the parameters are those of {@link AccountOps#create}. */
	Account createClient(Map<String, Object> attributes, String password, boolean notify);

	/** Turns a guest into a full account (uses a licence). */
	Account promoteToEmployee(String id);

}
