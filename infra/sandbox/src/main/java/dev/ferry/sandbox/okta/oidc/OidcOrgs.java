package dev.ferry.sandbox.okta.oidc;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaOrgs;

/**
 * The org a request names, or 404 when the sandbox has no such org (or no such
 * authorization server in it).
 */
@Component
class OidcOrgs {

	private final OktaOrgs orgs;

	OidcOrgs(OktaOrgs orgs) {
		this.orgs = orgs;
	}

	OktaOrg require(String name) {
		return orgs.find(name).orElseThrow(() -> new UnknownOrgException(name));
	}

	static class UnknownOrgException extends ResponseStatusException {

		UnknownOrgException(String org) {
			this(org, "Org");
		}

		/** Also for an unknown authorization server of a known org, as Okta words it. */
		UnknownOrgException(String id, String type) {
			super(HttpStatus.NOT_FOUND, "Not found: Resource not found: " + id + " (" + type + ")");
		}

	}

}
