package dev.ferry.connector;

/**
 * A source that asks Ferry to check a person's password at their first sign-in there
 * (people imported from the target keep the password they had), answered by the target's
 * {@link AuthenticateOp}.
 */
public interface PasswordImportHookOp {

	/**
	 * Registers Ferry at {@code uri}, the source sending {@code secret} as the
	 * {@code Authorization} header.
	 * @return the registered hook's id
	 */
	String registerPasswordImportHook(String uri, String secret);

}
