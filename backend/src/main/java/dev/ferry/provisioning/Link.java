package dev.ferry.provisioning;

import java.util.Map;

/**
 * An Okta identity linked to a ShareFile account, with the attributes Ferry last wrote
 * there.
 *
 * @param state ACTIVE, or DISABLED when Ferry disabled the account (deprovisioned)
 */
public record Link(String identityId, String accountId, String accountEmail, boolean employee, String state,
		Map<String, Object> lastWritten) {

	public boolean disabled() {
		return "DISABLED".equals(state);
	}

}
