package dev.ferry.connector;

/** Setting an account's password (Push Password Updates). */
public interface PasswordOp {

	/**
	 * @throws ConnectorException {@link ConnectorException.Kind#INVALID_REQUEST} when the
	 * target's password policy refuses it
	 */
	void setPassword(String accountId, String password);

}
