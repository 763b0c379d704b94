package dev.ferry.signin;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.audit.Refusals;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantStatus;
import dev.ferry.tenant.Tenants;

/**
 * Audits every sign-in, refused sign-in and sign-out, and decides where a person lands. A
 * refused sign-in callback comes from someone Ferry does not know yet, so it is recorded
 * through {@link Refusals} (nobody can flood an organisation's log with bogus callbacks)
 * and a client that keeps failing is answered 429 for the rest of the minute.
 */
@Component
class SignInEvents implements AuthenticationSuccessHandler, AuthenticationFailureHandler, LogoutHandler {

	private static final Logger log = LoggerFactory.getLogger(SignInEvents.class);

	static final String CALLBACK = "signin.callback";

	private final ApplicationEventPublisher events;

	private final Refusals refusals;

	private final Tenants tenants;

	private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();

	private final MessageSource messages;

	SignInEvents(ApplicationEventPublisher events, Refusals refusals, Tenants tenants, MessageSource messages) {
		this.events = events;
		this.refusals = refusals;
		this.tenants = tenants;
		this.messages = messages;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		FerryUser user = (FerryUser) authentication.getPrincipal();
		request.getSession().setAttribute(SessionLimits.SIGNED_IN_AT, System.currentTimeMillis());
		SessionRevocation.index(request.getSession(), user);
		events
			.publishEvent(new Happened(
					user.homeTenantId(), AuditEntry.Actor.member(user.getSubject(), user.displayName()),
					"signin.success", "member", user.login(), AuditEntry.Outcome.SUCCESS, Map.of("login", user.login(),
							"through", user.signedInThrough(), "organisations", user.organisationsAtSignIn()))
				.evenIfRolledBack());
		SavedRequest saved = savedRequests.getRequest(request, response);
		savedRequests.removeRequest(request, response);
		// with no page asked for, home ("/") decides where the person lands (an MSP's
		// people: the MSP console)
		String target = saved != null && saved.getRedirectUrl().contains("/t/") ? saved.getRedirectUrl()
				: request.getContextPath() + "/";
		response.sendRedirect(target);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		String slug = registrationId(request);
		Optional<Tenant> found = slug == null || slug.length() > 40 ? Optional.empty() : tenants.bySlug(slug);
		UUID tenant = found.map(Tenant::id).orElse(null);
		String reason = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode()
				: exception.getClass().getSimpleName();
		if (refusals.throttled(tenant, CALLBACK)) {
			response.setHeader("Retry-After", Long.toString(refusals.retryAfterSeconds()));
			response.sendError(429);
			return;
		}
		refusals.refused(CALLBACK, new AuditEntry(tenant, AuditEntry.Actor.anonymous(), "signin.failure",
				"organisation", slug, AuditEntry.Outcome.FAILURE, Map.of("reason", reason)));
		String message = FerryOidcUserService.NOT_A_MEMBER.equals(reason) ? exception.getMessage()
				: providerError(exception, slug, found.orElse(null));
		// a real sign-in has a session (it holds the authorization request); a bogus
		// callback gets none
		var session = request.getSession(false);
		if (session != null) {
			session.setAttribute(SignInController.SIGN_IN_ERROR, message);
		}
		response.sendRedirect(request.getContextPath() + "/login?error");
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		if (authentication != null && authentication.getPrincipal() instanceof FerryUser user) {
			events.publishEvent(new Happened(user.homeTenantId(),
					AuditEntry.Actor.member(user.getSubject(), user.displayName()), "signout", "member", user.login(),
					AuditEntry.Outcome.SUCCESS, Map.of("login", user.login()))
				.evenIfRolledBack());
		}
	}

	/**
	 * What the provider (or Spring's checks of its answer) said, for the person and the
	 * log: the OAuth {@code error} and {@code error_description}, with a reference that
	 * finds the log line. The page escapes it; it is cut short, since a forged callback
	 * can carry any text.
	 */
	private String providerError(AuthenticationException exception, String slug, Tenant tenant) {
		boolean onboarding = tenant != null && tenant.status() == TenantStatus.ONBOARDING;
		// the provider as the organisation named it at sign-up ("Microsoft Entra ID
		// refused
		// ..."), or in general words for a callback of no known organisation
		DefaultMessageSourceResolvable provider = new DefaultMessageSourceResolvable(
				tenant == null ? "signin.error.yourProvider" : "signin.error.provider." + tenant.provider().name());
		String reference = UUID.randomUUID().toString().substring(0, 8);
		OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError() : null;
		String code = error != null ? error.getErrorCode() : exception.getClass().getSimpleName();
		String description = error != null && error.getDescription() != null ? error.getDescription() : "";
		// a forged callback can carry any text: no line breaks or other controls in the
		// log
		log.warn("Sign-in to {} failed [ref {}]: {} {}", slug, reference, printable(code), printable(description));
		// a token endpoint that refuses the client's credentials answers 401
		// invalid_client, which Spring wraps in its own code
		boolean wrongClient = "invalid_client".equals(code) || description.contains("invalid_client")
				|| description.contains("401 Unauthorized");
		// nobody has signed in yet: the secret was typed at sign-up, and signing up again
		// replaces it
		String key = wrongClient && onboarding ? "signin.error.invalidClientAtSignUp"
				: wrongClient ? "signin.error.invalidClient"
						: "invalid_scope".equals(code) ? "signin.error.invalidScope" : "signin.error.provider";
		String shown = description.length() > 300 ? description.substring(0, 300) + "…" : description;
		return messages.getMessage(key, new Object[] { code, shown.isEmpty() ? "" : ": " + shown, reference, provider },
				LocaleContextHolder.getLocale());
	}

	private static String printable(String text) {
		return text.replaceAll("\\p{Cntrl}", " ");
	}

	/** {@code /login/oauth2/code/acme} → acme. */
	private static String registrationId(HttpServletRequest request) {
		String uri = request.getRequestURI();
		int last = uri.lastIndexOf('/');
		return uri.contains("/login/oauth2/code/") && last >= 0 ? uri.substring(last + 1) : null;
	}

}
