package dev.ferry.sandbox.okta.oidc;

/**
 * An OAuth 2.0 / OIDC error as Okta's org authorization server reports it: {@code error}
 * and {@code error_description}, with the HTTP status the token endpoint uses (400, or
 * 401 for {@code invalid_client}).
 */
class OidcException extends RuntimeException {

	private final String error;

	private final int status;

	OidcException(String error, String description) {
		this(error, description, "invalid_client".equals(error) ? 401 : 400);
	}

	OidcException(String error, String description, int status) {
		super(description);
		this.error = error;
		this.status = status;
	}

	String error() {
		return error;
	}

	String description() {
		return getMessage();
	}

	int status() {
		return status;
	}

	static OidcException invalidRequest(String description) {
		return new OidcException("invalid_request", description);
	}

	static OidcException invalidClient(String description) {
		return new OidcException("invalid_client", description);
	}

	static OidcException invalidGrant(String description) {
		return new OidcException("invalid_grant", description);
	}

	static OidcException invalidScope(String description) {
		return new OidcException("invalid_scope", description);
	}

}
