package dev.ferry.signin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.audit.Refusals;
import dev.ferry.okta.OidcClientCheck;
import dev.ferry.system.AllowedHosts;
import dev.ferry.system.FerryProperties;
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

	@GetMapping("/signup")
	String form(Model model) {
		model.addAttribute("form", new SignUpForm("", "", "CUSTOMER", "", "", ""));
		model.addAttribute("redirectBase", redirectBase());
		return "signin/signup";
	}

	@PostMapping("/signup")
	String signUp(@RequestParam(defaultValue = "") String displayName, @RequestParam(defaultValue = "") String slug,
			@RequestParam(defaultValue = "CUSTOMER") String kind, @RequestParam(defaultValue = "") String oktaIssuer,
			@RequestParam(defaultValue = "") String clientId, @RequestParam(defaultValue = "") String clientSecret,
			Model model) {
		SignUpForm form = new SignUpForm(displayName.strip(), slug.strip().toLowerCase(java.util.Locale.ROOT),
				"MSP".equals(kind) ? "MSP" : "CUSTOMER", oktaIssuer.strip(), clientId.strip(), "");
		Map<String, String> problems = check(form, clientSecret);
		if (problems.isEmpty()) {
			clientCheck.problemWith(form.oktaIssuer(), form.clientId(), clientSecret)
				.ifPresent(problem -> problems.put("oktaIssuer", problem));
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

	private Map<String, String> check(SignUpForm form, String clientSecret) {
		Map<String, String> problems = new LinkedHashMap<>();
		if (form.displayName().isEmpty() || form.displayName().length() > 120
				|| form.displayName().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '<' || c == '>')) {
			problems.put("displayName", "Give your organisation's name (up to 120 characters, no < or >).");
		}
		if (!form.slug().matches("^[a-z][a-z0-9-]{1,38}[a-z0-9]$")) {
			problems.put("slug",
					"The short name is 3 to 40 lower-case letters, digits and dashes, starting with a " + "letter.");
		}
		else if (RESERVED.contains(form.slug()) || tenants.slugTaken(form.slug())) {
			problems.put("slug", "That short name is taken. Choose another.");
		}
		Optional<String> issuer = hosts.problemWith(form.oktaIssuer());
		issuer.ifPresent(problem -> problems.put("oktaIssuer", problem));
		if (form.clientId().isEmpty() || form.clientId().length() > 255) {
			problems.put("clientId", "Give the client id of the OIDC app you made for Ferry in Okta.");
		}
		if (clientSecret.isBlank() || clientSecret.length() > 255) {
			problems.put("clientSecret", "Give the client secret of that app.");
		}
		return problems;
	}

	private String redirectBase() {
		return properties.publicBase() + "/login/oauth2/code/";
	}

	/** The form as shown again after a problem; the secret is never echoed. */
	record SignUpForm(String displayName, String slug, String kind, String oktaIssuer, String clientId,
			String clientSecret) {
	}

}
