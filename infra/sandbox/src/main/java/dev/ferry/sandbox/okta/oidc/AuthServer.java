package dev.ferry.sandbox.okta.oidc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One authorization server of an org, as a request addresses it (docs/reference/okta.md
 * §2.1): the org server (issuer = the org URL, endpoints under {@code /oauth2/v1/}) or a
 * custom server (issuer = {@code {org URL}/oauth2/{id}}, endpoints under
 * {@code {issuer}/v1/}). Every OIDC endpoint takes one of these, so the two kinds share
 * one implementation and differ only in what this record says.
 *
 * @param id the custom server's id ({@code default}, ...), or null for the org server
 * @param scopes the scopes the server accepts, in the order discovery lists them
 * @param audience the {@code aud} of the server's access tokens (custom servers only)
 * @param groupsClaim the custom server's groups claim, or null when none is configured
 */
record AuthServer(String org, String id, List<String> scopes, String audience, GroupsClaim groupsClaim) {

	/** The org server's fixed scopes (Okta's {@code OrgASOidcMetadata}). */
	static final List<String> ORG_SCOPES = List.of("openid", "email", "profile", "address", "phone", "offline_access",
			"groups");

	/**
	 * The scopes Okta gives every custom server and that cannot be removed;
	 * {@code groups} is not among them.
	 */
	static final List<String> SYSTEM_SCOPES = List.of("openid", "profile", "email", "address", "phone",
			"offline_access");

	/** The OIDC scopes: a client_credentials request may not ask for any of them. */
	static final Set<String> OIDC_SCOPES = Set.copyOf(ORG_SCOPES);

	AuthServer {
		scopes = List.copyOf(scopes);
	}

	static AuthServer orgServer(String org) {
		return new AuthServer(org, null, ORG_SCOPES, null, null);
	}

	boolean isOrgServer() {
		return id == null;
	}

	/** Exactly what the client used for host and port, so issuer checks pass. */
	String issuer(HttpServletRequest request) {
		String orgUrl = OrgUrls.orgUrl(request, org);
		return isOrgServer() ? orgUrl : orgUrl + "/oauth2/" + id;
	}

	String endpoint(HttpServletRequest request, String name) {
		return OrgUrls.orgUrl(request, org) + endpointPath(name);
	}

	/**
	 * The endpoint's path below the org URL: {@code /oauth2/v1/{name}} or
	 * {@code /oauth2/{id}/v1/{name}}.
	 */
	String endpointPath(String name) {
		return (isOrgServer() ? "/oauth2/v1/" : "/oauth2/" + id + "/v1/") + name;
	}

	/** Names this server among all servers of all orgs (signing keys are per server). */
	String key() {
		return isOrgServer() ? org : org + "/oauth2/" + id;
	}

	boolean sameServer(String org, String id) {
		return this.org.equals(org) && Objects.equals(this.id, id);
	}

	AuthServer withScope(String scope) {
		if (scopes.contains(scope)) {
			return this;
		}
		List<String> more = new ArrayList<>(scopes);
		more.add(scope);
		return new AuthServer(org, id, more, audience, groupsClaim);
	}

	AuthServer withGroupsClaim(GroupsClaim claim) {
		return new AuthServer(org, id, scopes, audience, claim);
	}

}
