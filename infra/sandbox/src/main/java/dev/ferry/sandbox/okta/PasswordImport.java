package dev.ferry.sandbox.okta;

/**
 * The password import inline hook (docs/reference/okta.md §4.4): at the first sign-in of
 * a person created with {@code credentials.password.hook}, Okta sends the typed password
 * to the org's registered hook and keeps it only when the hook answers VERIFIED. The
 * sign-in form calls this; the management API side implements it (registration, the call,
 * the {@code user.import.password} event).
 */
public interface PasswordImport {

	/**
	 * @return true when the hook verified the password (it is then stored on the user and
	 * the hook flag cleared), false when it did not, timed out, or no hook is registered
	 */
	boolean verifyAtFirstSignIn(OktaOrg org, OktaUser user, String password);

}
