package dev.ferry.sandbox.okta.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.PasswordImport;

/**
 * {@code POST /okta/{org}/signin}: the sign-in form's submission. Checks the form token
 * and the browser binding, then the person's password (through the password import hook
 * for people created with one), refuses people whose status forbids signing in, starts
 * the Okta session and sends the code to the client.
 */
@Controller
class SignInController {

	static final String FAILED = "Unable to sign in";

	static final String EXPIRED = "Your sign-in page has expired. Go back to the application and sign in again.";

	private final OidcOrgs orgs;

	private final PendingSignIns pending;

	private final SignInSessions sessions;

	private final SignInForm form;

	private final AuthorizationResponder responder;

	private final ObjectProvider<PasswordImport> passwordImport;

	private final Clock clock;

	SignInController(OidcOrgs orgs, PendingSignIns pending, SignInSessions sessions, SignInForm form,
			AuthorizationResponder responder, ObjectProvider<PasswordImport> passwordImport, Clock clock) {
		this.orgs = orgs;
		this.pending = pending;
		this.sessions = sessions;
		this.form = form;
		this.responder = responder;
		this.passwordImport = passwordImport;
		this.clock = clock;
	}

	@PostMapping("/okta/{org}/signin")
	ModelAndView signIn(@PathVariable String org, @RequestParam(required = false) String stateToken,
			@RequestParam(required = false) String username, @RequestParam(required = false) String password,
			@CookieValue(name = PendingSignIns.COOKIE, required = false) String binding,
			@CookieValue(name = SignInSessions.COOKIE, required = false) String oldSession, HttpServletRequest request,
			HttpServletResponse response) {
		OktaOrg oktaOrg = orgs.require(org);
		Optional<PendingSignIns.Pending> found = pending.find(stateToken, binding)
			.filter(parked -> parked.request().org().equals(org));
		if (found.isEmpty()) {
			return AuthorizeController.errorPage("access_denied", EXPIRED);
		}
		AuthorizeRequest authorize = found.get().request();
		String refusal = check(oktaOrg, username, password);
		if (refusal != null) {
			pending.done(stateToken);
			return form.show(oktaOrg, authorize, binding, username, refusal, request, response);
		}
		OktaUser user = oktaOrg.userByLogin(username.trim()).orElseThrow();
		Instant now = clock.instant();
		user.signedIn(now);
		pending.done(stateToken);
		sessions.end(oldSession);
		SignInSessions.Session session = sessions.start(org, user.id(), now);
		response.addHeader(HttpHeaders.SET_COOKIE,
				ResponseCookie.from(SignInSessions.COOKIE, session.id())
					.path(OrgUrls.cookiePath(request, org))
					.httpOnly(true)
					.secure(request.isSecure())
					.sameSite("Lax")
					.build()
					.toString());
		return responder.code(authorize, user.id(), now);
	}

	/**
	 * Null when the person may sign in with this password; otherwise the message the form
	 * shows.
	 */
	private String check(OktaOrg org, String username, String password) {
		if (username == null || username.isBlank() || password == null || password.isEmpty()) {
			return "Please enter a username and a password.";
		}
		Optional<OktaUser> found = org.userByLogin(username.trim());
		if (found.isEmpty()) {
			return FAILED;
		}
		OktaUser user = found.get();
		boolean passwordOk = passwordMatches(org, user, password);
		if (!user.maySignIn()) {
			// Say why only to someone who knows the password (or when there is none to
			// know yet).
			return passwordOk || !user.hasPassword() ? statusMessage(user.status()) : FAILED;
		}
		return passwordOk ? null : FAILED;
	}

	private boolean passwordMatches(OktaOrg org, OktaUser user, String password) {
		if (user.passwordImportHook()) {
			if (!user.maySignIn()) {
				return false;
			}
			PasswordImport hook = passwordImport.getIfAvailable();
			try {
				return hook != null && hook.verifyAtFirstSignIn(org, user, password);
			}
			catch (RuntimeException ex) {
				return false;
			}
		}
		return user.checkPassword(password);
	}

	static String statusMessage(String status) {
		return switch (status) {
			case "SUSPENDED" -> "Your account is suspended. Contact your administrator.";
			case "DEPROVISIONED" -> "Your account has been deactivated. Contact your administrator.";
			case "LOCKED_OUT" -> "Your account is locked. Contact your administrator.";
			case "STAGED", "PROVISIONED" ->
				"Your account is not activated yet. Use the activation link in your email, or contact your administrator.";
			case "RECOVERY" -> "Your password is being reset. Use the link in your email to finish, then sign in.";
			default -> FAILED;
		};
	}

}
