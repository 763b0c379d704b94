package dev.ferry.okta;

/**
 * Ferry's event hook as Okta reports it.
 *
 * @param status ACTIVE or INACTIVE
 * @param verificationStatus VERIFIED or UNVERIFIED; only active, verified hooks receive
 * events
 */
public record EventHookState(String id, String status, String verificationStatus) {

	public boolean receivingEvents() {
		return "ACTIVE".equals(status) && "VERIFIED".equals(verificationStatus);
	}

}
