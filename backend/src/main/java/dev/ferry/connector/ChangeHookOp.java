package dev.ferry.connector;

/**
 * A source that pushes its changes to an address Ferry gives it (an event hook), so they
 * reach the target in seconds instead of at the next poll. Ferry serves the address
 * ({@code /hooks/<kind>/<organisation>}) and checks each delivery's shared secret.
 */
public interface ChangeHookOp {

	/**
	 * Registers Ferry's hook (or points an existing one at {@code uri} with a new
	 * secret), and has the source check that Ferry answers there.
	 * @param existingId the hook registered before, or null
	 * @param secret the value the source must send as the {@code Authorization} header
	 */
	HookState registerChangeHook(String existingId, String uri, String secret);

	/**
	 * A hook as the source reports it.
	 *
	 * @param receiving whether the source now delivers changes to it
	 * @param status the source's own words for its state, shown as its console shows them
	 */
	record HookState(String id, boolean receiving, String status) {

	}

}
