package dev.ferry.signin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.audit.Refusals;
import dev.ferry.system.FerryProperties;
import dev.ferry.system.Problem;
import dev.ferry.tenant.IdentityProvider;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;

/**
 * Onboarding: an organisation names itself, chooses its identity provider and gives the
 * issuer and the app it made for Ferry there. Ferry checks what it can without a person
 * ({@link ProviderCheck}: the address, discovery, signing keys), creates the organisation
 * and sends the person to sign in; the first person to sign in becomes its owner. The
 * client id and secret are proven by that sign-in; a refused secret is replaced by
 * signing up again with the same short name, issuer and client id (docs/oidc.md).
 */
@Controller
@RequestMapping("/signup")
class SignUpController {

	static final Set<String> RESERVED = SignUpChecks.RESERVED;

	private final Tenants tenants;

	private final ProviderCheck providerCheck;

	private final ApplicationEventPublisher events;

	private final Refusals refusals;

	private final FerryProperties properties;

	private final SignUpChecks checks;

	SignUpController(Tenants tenants, ProviderCheck providerCheck, ApplicationEventPublisher events, Refusals refusals,
			FerryProperties properties, SignUpChecks checks) {
		this.checks = checks;
		this.tenants = tenants;
		this.providerCheck = providerCheck;
		this.events = events;
		this.refusals = refusals;
		this.properties = properties;
	}

	/**
	 * The form, with the directions of the provider asked for (htmx swaps just that part
	 * when the person chooses another).
	 */
	@GetMapping
	String form(@RequestParam(defaultValue = "OKTA") String provider, Model model) {
		SignUpForm form = new SignUpForm("", "", "CUSTOMER", provider, null, "", null);
		return page(form.withPresetIssuer(), Map.of(), model);
	}

	@PostMapping
	String signUp(@ModelAttribute SignUpForm form, Model model, RedirectAttributes redirect) {
		Map<String, Problem> problems = problems(form);
		NewTenant request = new NewTenant(form.slug(), form.displayName(), TenantKind.valueOf(form.kind()), null,
				form.issuer(), form.clientId(), form.clientSecret(), List.of(), form.providerKind());
		Optional<Tenant> again = Optional.empty();
		if (problems.isEmpty() && (RESERVED.contains(form.slug()) || tenants.slugTaken(form.slug()))) {
			if (!RESERVED.contains(form.slug())
					&& tenants.onboardingWith(form.slug(), form.issuer(), form.clientId())) {
				// replacing the secret of an organisation nobody has entered yet: only
				// with a
				// secret the provider accepts
				Optional<Problem> secret = providerCheck.secretProblem(form.slug(), form.issuer(), form.clientId(),
						form.clientSecret());
				secret.ifPresent(problem -> problems.put("clientSecret", problem));
				again = secret.isPresent() ? Optional.empty() : tenants.signUpAgain(request);
			}
			if (again.isEmpty() && problems.isEmpty()) {
				problems.put("slug", Problem.of("signup.problem.slugTaken"));
			}
		}
		if (!problems.isEmpty()) {
			refusals.refused("signup",
					new AuditEntry(null, AuditEntry.Actor.anonymous(), "tenant.signup.rejected", "tenant",
							form.slug().length() > 40 ? form.slug().substring(0, 40) : form.slug(),
							AuditEntry.Outcome.FAILURE, Map.of("fields", List.copyOf(problems.keySet()))));
			return page(form, problems, model);
		}
		Tenant tenant = again.orElseGet(() -> tenants.create(request));
		events
			.publishEvent(new Happened(tenant.id(), AuditEntry.Actor.anonymous(),
					again.isPresent() ? "tenant.signup_again" : "tenant.signup", "tenant", tenant.slug(),
					AuditEntry.Outcome.SUCCESS, Map.of("displayName", tenant.displayName(), "kind",
							tenant.kind().name(), "issuer", tenant.oktaIssuer(), "provider", tenant.provider().name()))
				.evenIfRolledBack());
		redirect.addAttribute("slug", tenant.slug());
		return "redirect:/oauth2/authorization/{slug}";
	}

	private String page(SignUpForm form, Map<String, Problem> problems, Model model) {
		model.addAttribute("form", form.withoutSecret());
		model.addAttribute("errors", problems);
		model.addAttribute("providers", IdentityProvider.values());
		model.addAttribute("redirectBase", properties.publicBase() + "/login/oauth2/code/");
		return "signin/signup";
	}

	/** What is wrong with the form, field by field; the provider is asked last. */
	private Map<String, Problem> problems(SignUpForm form) {
		return checks.problems(form.displayName(), form.slug(), form.issuer(), form.clientId(), form.clientSecret());
	}

	/**
	 * The sign-up form as posted. Values are trimmed and the short name lower-cased; the
	 * issuer is kept exactly as typed, since a final slash is part of some providers'
	 * issuers. The secret is never shown again.
	 */
	record SignUpForm(String displayName, String slug, String kind, String provider, String issuer, String clientId,
			String clientSecret) {

		SignUpForm {
			displayName = displayName == null ? "" : displayName.strip();
			slug = slug == null ? "" : slug.strip().toLowerCase(Locale.ROOT);
			kind = "MSP".equals(kind) ? "MSP" : "CUSTOMER";
			provider = known(provider);
			issuer = issuer == null ? "" : issuer.strip();
			clientId = clientId == null ? "" : clientId.strip();
			clientSecret = clientSecret == null ? "" : clientSecret.strip();
		}

		/** The provider named, or Okta for a name Ferry does not know. */
		private static String known(String provider) {
			return Arrays.stream(IdentityProvider.values())
				.map(Enum::name)
				.filter(name -> name.equals(provider))
				.findFirst()
				.orElse(IdentityProvider.OKTA.name());
		}

		IdentityProvider providerKind() {
			return IdentityProvider.valueOf(provider);
		}

		/** Google has one issuer for everyone: the form fills it in. */
		SignUpForm withPresetIssuer() {
			return providerKind() == IdentityProvider.GOOGLE && issuer.isEmpty() ? new SignUpForm(displayName, slug,
					kind, provider, "https://accounts.google.com", clientId, clientSecret) : this;
		}

		SignUpForm withoutSecret() {
			return new SignUpForm(displayName, slug, kind, provider, issuer, clientId, "");
		}

	}

}
