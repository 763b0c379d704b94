package dev.ferry.sandbox.okta.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

import dev.ferry.sandbox.okta.OktaOrg;

/**
 * The org's sign-in page, a plain copy of Okta's sign-in widget: each showing parks the
 * authorize request under a fresh form token and binds it to this browser (see
 * {@link PendingSignIns}).
 */
@Component
class SignInForm {

	private final PendingSignIns pending;

	SignInForm(PendingSignIns pending) {
		this.pending = pending;
	}

	ModelAndView show(OktaOrg org, AuthorizeRequest authorize, String binding, String username, String error,
			HttpServletRequest request, HttpServletResponse response) {
		PendingSignIns.Pending parked = pending.park(authorize, binding);
		response.addHeader(HttpHeaders.SET_COOKIE,
				ResponseCookie.from(PendingSignIns.COOKIE, parked.binding())
					.path(OrgUrls.cookiePath(request, org.name()))
					.httpOnly(true)
					.secure(request.isSecure())
					.sameSite("Lax")
					.build()
					.toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Frame-Options", "DENY");
		ModelAndView page = new ModelAndView("okta/signin");
		page.addObject("orgName", org.name());
		page.addObject("action", OrgUrls.cookiePath(request, org.name()) + "/signin");
		page.addObject("stateToken", parked.stateToken());
		page.addObject("username", username == null ? "" : username);
		page.addObject("error", error);
		if (error != null) {
			page.setStatus(HttpStatus.UNAUTHORIZED);
		}
		return page;
	}

}
