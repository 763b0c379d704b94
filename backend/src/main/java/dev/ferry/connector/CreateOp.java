package dev.ferry.connector;

import java.util.Map;

/**
 * Writing people into an identity source: Import New Users and Import Profile Updates.
 */
public interface CreateOp {

	/**
	 * Creates a person with the profile given, assigned to the app.
	 * @param activate false to create them staged (not yet able to sign in)
	 * @param keepsTargetPassword the person signs in the first time with their target
	 * password, which the source verifies through Ferry and then keeps
	 */
	Identity create(Map<String, Object> profile, boolean activate, boolean keepsTargetPassword);

	/**
	 * Sets the given profile attributes (a partial update) and returns the person as
	 * stored.
	 */
	Identity updateProfile(String id, Map<String, Object> changes);

}
