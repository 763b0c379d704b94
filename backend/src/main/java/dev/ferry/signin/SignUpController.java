package dev.ferry.signin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.audit.Refusals;
import dev.ferry.okta.OidcClientCheck;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.Problem;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;

/**
 * Onboarding: an organisation names itself, gives its Okta org and the OIDC app it made
 * for Ferry; Ferry checks the issuer's discovery document and the client with Okta,
 * creates the organisation and sends the person to sign in, and the first person to sign
 * in becomes its owner.
 */
@Controller
@RequestMapping("/signup")
class SignUpController {

	static final Set<String> RESERVED = Set.of("admin", "api", "login", "logout", "signup", "hooks", "static", "ferry",
			"www", "help", "support", "sandbox", "oauth2", "actuator");

	private final Tenants tenants;

	private final AllowedHosts hosts;

	private final OidcClientCheck clientCheck;

	private final AuditLog audit;

	private final Refusals refusals;

	private final FerryProperties properties;

	SignUpController(Tenants tenants, AllowedHosts hosts, OidcClientCheck clientCheck, AuditLog audit,
			Refusals refusals, FerryProperties properties) {
		this.refusals = refusals;
		this.tenants = tenants;
		this.hosts = hosts;
		this.clientCheck = clientCheck;
		this.audit = audit;
		this.properties = properties;
	}

	@GetMapping
	String form(Model model) {
		model.addAttribute("form", SignUpForm.EMPTY);
		model.addAttribute("redirectBase", redirectBase());
		return "signin/signup";
	}

	/**
	 * The form is bound to {@link SignUpForm} (its components are the only parameters
	 * read); a refused form is shown again as it was tidied, never with the secret.
	 */
	@PostMapping
	String signUp(@ModelAttribute("form") SignUpForm typed, Model model) {
		SignUpForm form = typed.tidied();
		String clientSecret = typed.clientSecret();
		Map<String, Problem> problems = check(form, clientSecret);
		if (problems.isEmpty()) {
			// Okta's answer, in the okta module's words
			clientCheck.problemWith(form.oktaIssuer(), form.clientId(), clientSecret)
				.ifPresent(problem -> problems.put("oktaIssuer", Problem.detail(problem)));
		}
		if (!problems.isEmpty()) {
			refusals.refused("signup",
					new AuditEntry(null, AuditEntry.Actor.anonymous(), "tenant.signup.rejected", "tenant",
							form.slug().length() > 40 ? form.slug().substring(0, 40) : form.slug(),
							AuditEntry.Outcome.FAILURE, Map.of("fields", List.copyOf(problems.keySet()))));
			model.addAttribute("form", form);
			model.addAttribute("errors", problems);
			model.addAttribute("redirectBase", redirectBase());
			return "signin/signup";
		}
		String issuer = form.oktaIssuer().endsWith("/") ? form.oktaIssuer().substring(0, form.oktaIssuer().length() - 1)
				: form.oktaIssuer();
		Tenant tenant = tenants.create(new NewTenant(form.slug(), form.displayName(), TenantKind.valueOf(form.kind()),
				null, issuer, form.clientId(), clientSecret.strip(), List.of()));
		audit.recordNow(new AuditEntry(tenant.id(), AuditEntry.Actor.anonymous(), "tenant.signup", "tenant",
				tenant.slug(), AuditEntry.Outcome.SUCCESS,
				Map.of("displayName", tenant.displayName(), "kind", tenant.kind().name(), "issuer", issuer)));
		return "redirect:/oauth2/authorization/" + tenant.slug();
	}

	/**
	 * Each field's problem, as a message key (signup.problem.* in messages.properties).
	 */
	private Map<String, Problem> check(SignUpForm form, String clientSecret) {
		Map<String, Problem> problems = new LinkedHashMap<>();
		if (form.displayName().isEmpty() || form.displayName().length() > 120
				|| form.displayName().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '<' || c == '>')) {
			problems.put("displayName", Problem.of("signup.problem.displayName"));
		}
		if (!form.slug().matches("^[a-z][a-z0-9-]{1,38}[a-z0-9]$")) {
			problems.put("slug", Problem.of("signup.problem.slug"));
		}
		else if (RESERVED.contains(form.slug()) || tenants.slugTaken(form.slug())) {
			problems.put("slug", Problem.of("signup.problem.slugTaken"));
		}
		// what is wrong with the address, in AllowedHosts' words
		hosts.problemWith(form.oktaIssuer()).ifPresent(problem -> problems.put("oktaIssuer", Problem.detail(problem)));
		if (form.clientId().isEmpty() || form.clientId().length() > 255) {
			problems.put("clientId", Problem.of("signup.problem.clientId"));
		}
		if (clientSecret.isBlank() || clientSecret.length() > 255) {
			problems.put("clientSecret", Problem.of("signup.problem.clientSecret"));
		}
		return problems;
	}

	private String redirectBase() {
		return properties.publicBase() + "/login/oauth2/code/";
	}

	/**
	 * The sign-up form, bound from the post by its components' names; a missing field is
	 * empty text.
	 */
	record SignUpForm(String displayName, String slug, String kind, String oktaIssuer, String clientId,
			String clientSecret) {

		static final SignUpForm EMPTY = new SignUpForm("", "", "CUSTOMER", "", "", "");

		SignUpForm {
			displayName = orEmpty(displayName);
			slug = orEmpty(slug);
			kind = orEmpty(kind);
			oktaIssuer = orEmpty(oktaIssuer);
			clientId = orEmpty(clientId);
			clientSecret = orEmpty(clientSecret);
		}

		/**
		 * As checked and shown again: trimmed, the short name in lower case, a kind Ferry
		 * knows (a customer unless it says MSP), and the secret never echoed.
		 */
		SignUpForm tidied() {
			return new SignUpForm(displayName.strip(), slug.strip().toLowerCase(Locale.ROOT),
					"MSP".equals(kind) ? "MSP" : "CUSTOMER", oktaIssuer.strip(), clientId.strip(), "");
		}

		private static String orEmpty(String value) {
			return value == null ? "" : value;
		}

	}

}
