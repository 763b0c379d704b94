package dev.ferry.sandbox.okta;

/**
 * Who made a change and through which request: becomes the System Log event's
 * {@code actor}, {@code client} and {@code debugContext}, and the base of every
 * {@code _links} href.
 *
 * @param baseUrl the org's own base URL as the caller reached it, e.g.
 * {@code http://127.0.0.1:9000/okta/acme}
 */
public record Caller(Actor actor, String requestId, String requestUri, String ipAddress, String userAgent,
		String baseUrl) {

	/**
	 * @param type {@code User} for an admin (SSWS token or control API),
	 * {@code PublicClientApp} for a service app, {@code SystemPrincipal} for Okta itself
	 */
	public record Actor(String id, String type, String alternateId, String displayName) {

		public static final Actor SYSTEM = new Actor("0oa1gjh63g214q0Hq0g4", "SystemPrincipal", "system@okta.com",
				"Okta System");

	}

}
