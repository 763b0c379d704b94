package dev.ferry.connector;

import java.util.List;
import java.util.Map;

/**
 * A person as the identity source (Okta) sees them, read fresh before every plan.
 *
 * @param id the source's immutable id (Okta user id {@code 00u…})
 * @param login the source login (Okta {@code profile.login})
 * @param status the source lifecycle status (Okta: ACTIVE, SUSPENDED, DEPROVISIONED,
 * STAGED, ...)
 * @param profile every profile attribute, by name ({@code firstName}, {@code email},
 * custom ones)
 * @param groups the names of the person's groups; empty when not asked for
 * @param assigned whether the person is assigned to the app that stands for the target
 * (directly or by group)
 */
public record Identity(String id, String login, String status, Map<String, Object> profile, List<String> groups,
		boolean assigned) {

	public boolean active() {
		return "ACTIVE".equals(status) || "PASSWORD_EXPIRED".equals(status) || "LOCKED_OUT".equals(status)
				|| "RECOVERY".equals(status);
	}

	public String email() {
		Object email = profile.get("email");
		return email == null ? null : email.toString();
	}

}
