package dev.ferry.sandbox.okta.scim;

import java.util.Locale;

/**
 * An app's SCIM connection as an Okta admin configures it (Provisioning → Integration,
 * "HTTP Header" auth, then To App): where the SCIM service is, the bearer token Okta
 * sends, and which of Create Users, Update User Attributes, Deactivate Users and Sync
 * Password are on. {@code mode} is the kind of integration: an OIN app sends PATCH for
 * activation, passwords and group membership, a custom (AIW) app a PUT of the whole
 * resource for every update (docs/scim.md, "The sandbox as a SCIM client").
 *
 * An app registered with none of the three user actions only pushes passwords, as the
 * sandbox did before it pushed people: nothing else reaches its SCIM service.
 */
public record ScimProvisioning(String baseUrl, String token, boolean syncPassword, boolean createUsers,
		boolean updateUsers, boolean deactivateUsers, Mode mode) {

	/** OIN (PATCH) or a custom app integration (PUT for every update). */
	public enum Mode {

		OIN, AIW;

		public static Mode of(Object value) {
			return value == null ? OIN : Mode.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
		}

	}

	public ScimProvisioning {
		if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
			throw new IllegalArgumentException("baseUrl must be an http(s) URL");
		}
		if (token == null || token.isBlank()) {
			throw new IllegalArgumentException("token is required");
		}
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		mode = mode == null ? Mode.OIN : mode;
	}

	/** Password sync only (the registration before people were pushed). */
	public ScimProvisioning(String baseUrl, String token, boolean syncPassword) {
		this(baseUrl, token, syncPassword, false, false, false, Mode.OIN);
	}

	/** Whether Okta pushes people to this app (any of the three user actions is on). */
	public boolean pushesPeople() {
		return createUsers || updateUsers || deactivateUsers;
	}

	boolean patches() {
		return mode == Mode.OIN;
	}

}
