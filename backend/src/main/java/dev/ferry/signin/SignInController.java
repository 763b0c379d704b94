package dev.ferry.signin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Refusals;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.Tenants;

/**
 * The sign-in page: a person names their organisation (its short name, or their work
 * e-mail) and is sent to that organisation's identity provider.
 */
@Controller
@RequestMapping("/login")
class SignInController {

	private static final Logger log = LoggerFactory.getLogger(SignInController.class);

	static final String SIGN_IN_ERROR = "ferry.signInError";

	private final Tenants tenants;

	private final Refusals refusals;

	private final MessageSource messages;

	private final OidcDiscovery discovery;

	SignInController(Tenants tenants, Refusals refusals, MessageSource messages, OidcDiscovery discovery) {
		this.tenants = tenants;
		this.refusals = refusals;
		this.messages = messages;
		this.discovery = discovery;
	}

	/**
	 * Reads a message a refused sign-in left, without making a session for a visitor who
	 * has none.
	 */
	@GetMapping
	String signIn(HttpServletRequest request, Model model) {
		HttpSession session = request.getSession(false);
		Object error = session == null ? null : session.getAttribute(SIGN_IN_ERROR);
		if (error != null) {
			session.removeAttribute(SIGN_IN_ERROR);
			model.addAttribute("signInError", error);
		}
		return "signin/login";
	}

	@PostMapping
	String findOrganisation(@RequestParam(defaultValue = "") String organisation, Model model) {
		String typed = organisation.strip();
		Optional<Tenant> tenant = find(typed);
		if (tenant.isEmpty()) {
			refusals.refused("signin.unknown_organisation",
					new AuditEntry(null, AuditEntry.Actor.anonymous(), "signin.unknown_organisation", "organisation",
							null, AuditEntry.Outcome.FAILURE,
							Map.of("typed", typed.length() > 100 ? typed.substring(0, 100) : typed)));
			model.addAttribute("organisation", typed.length() > 254 ? "" : typed);
			model.addAttribute("signInError",
					messages.getMessage(
							typed.contains("@") ? "signin.error.unknownDomain" : "signin.error.unknownOrganisation",
							null, LocaleContextHolder.getLocale()));
			return "signin/login";
		}
		try {
			// the provider's endpoints come from its discovery document: without one
			// there is nowhere to send the person, so say why here rather than fail in
			// Spring's redirect
			discovery.metadata(tenant.get().oktaIssuer());
		}
		catch (OidcDiscovery.DiscoveryFailed ex) {
			log.warn("Sign-in to {} refused: its identity provider's discovery failed: {}", tenant.get().slug(),
					ex.getMessage());
			model.addAttribute("organisation", typed);
			model.addAttribute("signInError",
					messages.getMessage("signin.error.providerUnavailable",
							new Object[] { messages.getMessage(ex.problem(), LocaleContextHolder.getLocale()) },
							LocaleContextHolder.getLocale()));
			return "signin/login";
		}
		String target = "/oauth2/authorization/" + tenant.get().slug();
		if (typed.contains("@")) {
			target += "?login_hint=" + URLEncoder.encode(typed, StandardCharsets.UTF_8);
		}
		return "redirect:" + target;
	}

	/** A slug names the organisation; a work e-mail leads to it through its domain. */
	private Optional<Tenant> find(String typed) {
		if (typed.isEmpty() || typed.length() > 254) {
			return Optional.empty();
		}
		int at = typed.lastIndexOf('@');
		if (at >= 0) {
			String domain = typed.substring(at + 1).toLowerCase(Locale.ROOT);
			return domain.matches("[a-z0-9.-]{1,253}") ? tenants.byEmailDomain(domain) : Optional.empty();
		}
		String slug = typed.toLowerCase(Locale.ROOT);
		return slug.matches("[a-z0-9-]{1,40}") ? tenants.bySlug(slug) : Optional.empty();
	}

}
