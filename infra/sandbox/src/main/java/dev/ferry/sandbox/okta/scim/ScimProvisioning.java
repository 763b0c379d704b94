package dev.ferry.sandbox.okta.scim;

/**
 * An app's SCIM connection as an Okta admin configures it (Provisioning → Integration,
 * "HTTP Header" auth): where the SCIM service is, the bearer token Okta sends, and
 * whether "Sync Password" is on.
 */
public record ScimProvisioning(String baseUrl, String token, boolean syncPassword) {

	public ScimProvisioning {
		if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
			throw new IllegalArgumentException("baseUrl must be an http(s) URL");
		}
		if (token == null || token.isBlank()) {
			throw new IllegalArgumentException("token is required");
		}
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

}
