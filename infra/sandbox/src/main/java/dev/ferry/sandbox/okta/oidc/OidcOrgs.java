package dev.ferry.sandbox.okta.oidc;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaOrgs;

/** The org a request names, or 404 when the sandbox has no such org. */
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
			super(HttpStatus.NOT_FOUND, "Not found: Resource not found: " + org + " (Org)");
		}

	}

}
