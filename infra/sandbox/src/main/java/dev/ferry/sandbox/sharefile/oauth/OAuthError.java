package dev.ferry.sandbox.sharefile.oauth;

/**
 * A token-endpoint refusal as §1.3 shapes it: {@code 400 {"error", "error_description"}}.
 */
class OAuthError extends RuntimeException {

	private final String error;

	private final int status;

	OAuthError(String error, String description) {
		this(400, error, description);
	}

	OAuthError(int status, String error, String description) {
		super(description);
		this.status = status;
		this.error = error;
	}

	int status() {
		return status;
	}

	String error() {
		return error;
	}

	static OAuthError invalidGrant(String description) {
		return new OAuthError("invalid_grant", description);
	}

	static OAuthError invalidClient() {
		return new OAuthError("invalid_client", "The client id or client secret is not valid.");
	}

}
