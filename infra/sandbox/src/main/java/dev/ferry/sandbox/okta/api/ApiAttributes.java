package dev.ferry.sandbox.okta.api;

/** The request attributes {@link OktaApiGate} sets for the management-API controllers. */
public final class ApiAttributes {

	/** The {@link dev.ferry.sandbox.okta.OktaOrg} of the request. */
	public static final String ORG = "okta.org";

	/** The authenticated {@link dev.ferry.sandbox.okta.Caller}. */
	public static final String CALLER = "okta.caller";

	private ApiAttributes() {
	}

}
