package dev.ferry.sandbox.okta.oidc;

import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;

import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;

/**
 * {@code GET /okta/{org}/oauth2/v1/authorize} (org server) and {@code GET
 * /okta/{org}/oauth2/{asId}/v1/authorize} (custom server): checks the request, then
 * either answers at once from the browser's Okta session (SSO; {@code prompt=none} never
 * shows a form) or shows the sign-in form, which {@link SignInController} handles.
 */
@Controller
class AuthorizeController {

	private final OidcOrgs orgs;

	private final AuthServers servers;

	private final AuthorizeRequestParser parser;

	private final SignInSessions sessions;

	private final SignInForm form;

	private final AuthorizationResponder responder;

	private final Clock clock;

	AuthorizeController(OidcOrgs orgs, AuthServers servers, AuthorizeRequestParser parser, SignInSessions sessions,
			SignInForm form, AuthorizationResponder responder, Clock clock) {
		this.orgs = orgs;
		this.servers = servers;
		this.parser = parser;
		this.sessions = sessions;
		this.form = form;
		this.responder = responder;
		this.clock = clock;
	}

	@GetMapping({ "/okta/{org}/oauth2/v1/authorize", "/okta/{org}/oauth2/{asId}/v1/authorize" })
	ModelAndView authorize(@PathVariable String org, @PathVariable(required = false) String asId,
			@CookieValue(name = SignInSessions.COOKIE, required = false) String sessionId,
			@CookieValue(name = PendingSignIns.COOKIE, required = false) String binding, HttpServletRequest request,
			HttpServletResponse response) {
		OktaOrg oktaOrg = orgs.require(org);
		AuthServer server = servers.require(org, asId);
		AuthorizeRequest authorize;
		try {
			authorize = parser.parse(oktaOrg, server, request);
		}
		catch (AuthorizeRequestParser.Unredirectable ex) {
			return errorPage(ex.error(), ex.getMessage());
		}
		catch (AuthorizeRequestParser.Redirectable ex) {
			return responder.error(ex.redirectUri(), ex.responseMode(), ex.state(), ex.error(), ex.getMessage());
		}
		Optional<SignInSessions.Session> session = usableSession(oktaOrg, sessionId, authorize);
		if (session.isPresent()) {
			return responder.code(authorize, session.get().userId(), session.get().authTime());
		}
		if (authorize.prompt().contains("none")) {
			return responder.error(authorize.redirectUri(), authorize.responseMode(), authorize.state(),
					"login_required", "The client specified not to prompt, but the user is not logged in.");
		}
		return form.show(oktaOrg, authorize, binding, authorize.loginHint(), null, request, response);
	}

	private Optional<SignInSessions.Session> usableSession(OktaOrg org, String sessionId, AuthorizeRequest authorize) {
		if (authorize.prompt().contains("login")) {
			return Optional.empty();
		}
		return sessions.find(org.name(), sessionId).filter(session -> {
			Optional<OktaUser> user = org.user(session.userId());
			if (user.isEmpty() || !user.get().maySignIn()) {
				sessions.end(session.id());
				return false;
			}
			return authorize.maxAge() == null
					|| !clock.instant().isAfter(session.authTime().plusSeconds(authorize.maxAge()));
		});
	}

	static ModelAndView errorPage(String error, String description) {
		ModelAndView page = new ModelAndView("okta/error");
		page.addObject("error", error);
		page.addObject("description", description);
		page.setStatus(HttpStatus.BAD_REQUEST);
		return page;
	}

}
