package dev.ferry.sandbox.okta.control;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.ferry.sandbox.okta.Caller;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;

/**
 * The {@link Caller} of a control-API or control-page change: the org's admin (the owner
 * of its SSWS token) as a real admin acting in the Admin Console would be, else Okta's
 * system principal.
 */
final class ControlCallers {

	private ControlCallers() {
	}

	static Caller of(OktaOrg org, HttpServletRequest request) {
		OktaUser admin = org.apiTokens()
			.values()
			.stream()
			.filter(id -> !id.isEmpty())
			.findFirst()
			.flatMap(org::user)
			.orElse(null);
		Caller.Actor actor = admin == null ? Caller.Actor.SYSTEM : new Caller.Actor(admin.id(), "User", admin.login(),
				(admin.firstName() + " " + admin.lastName()).trim());
		String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() + "/okta/"
				+ org.name();
		String userAgent = request.getHeader("User-Agent");
		return new Caller(actor, UUID.randomUUID().toString().replace("-", "").substring(0, 20),
				request.getRequestURI(), request.getRemoteAddr(), userAgent == null ? "sandbox control" : userAgent,
				base);
	}

}
