package dev.ferry.provisioning;

import java.util.Map;

/**
 * An Okta identity linked to a ShareFile account, with the attributes Ferry last wrote
 * there.
 */
public record Link(String identityId, String accountId, String accountEmail, boolean employee, LinkState state,
		Map<String, Object> lastWritten) {

	public boolean disabled() {
		return state == LinkState.DISABLED;
	}

}
