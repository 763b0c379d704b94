package dev.ferry.connector;

/**
 * Checking a person's own credentials at the target, without keeping anything: how a
 * password import (a person moved from the target to the identity source keeps their
 * target password) is verified.
 */
public interface AuthenticateOp {

	/**
	 * @return true when the target accepts this username and password; false when it
	 * refuses them
	 * @throws ConnectorException when the target could not answer (unreachable,
	 * throttled): the caller must not read that as a wrong password
	 */
	boolean authenticate(String username, String password);

}
