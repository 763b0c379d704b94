package dev.ferry.msp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.SignUpChecks;
import dev.ferry.system.Problem;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.IdentityProvider;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;

/**
 * An MSP signs a customer up on its behalf: the same checks as the sign-up page
 * ({@link SignUpChecks}), an organisation in ONBOARDING managed by the MSP, an invitation
 * to the customer's own owner (who takes the seat at their first sign-in with the
 * customer's provider), and a seat through the MSP for the member who added it, so the
 * customer is in their console at once. Audited in both organisations.
 */
@Service
class AddCustomer {

	/** The shape the members page asks of a login. */
	static final String LOGIN_SHAPE = "^[^\\s@<>\"']{1,64}@[A-Za-z0-9.-]{1,190}$";

	/** What the MSP member becomes in the customer: all but the customer's members. */
	static final Role STAFF_ROLE = Role.ADMIN;

	private final SignUpChecks checks;

	private final Tenants tenants;

	private final Members members;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	AddCustomer(SignUpChecks checks, Tenants tenants, Members members, TransactionTemplate transactions,
			ApplicationEventPublisher events) {
		this.checks = checks;
		this.tenants = tenants;
		this.members = members;
		this.transactions = transactions;
		this.events = events;
	}

	/**
	 * @return the problems by field; empty when the customer was created
	 */
	Map<String, Problem> add(CustomerForm form, CurrentTenant msp, FerryUser user) {
		Map<String, Problem> problems = checks.problems(form.displayName(), form.slug(), form.issuer(), form.clientId(),
				form.clientSecret());
		if (!form.ownerEmail().matches(LOGIN_SHAPE)) {
			problems.put("ownerEmail", Problem.of("msp.add.problem.ownerEmail"));
		}
		if (!problems.containsKey("slug")
				&& (SignUpChecks.RESERVED.contains(form.slug()) || tenants.slugTaken(form.slug()))) {
			problems.put("slug", Problem.of("signup.problem.slugTaken"));
		}
		AuditEntry.Actor actor = AuditEntry.Actor.member(user.getSubject(), user.displayName());
		if (!problems.isEmpty()) {
			events.publishEvent(new Happened(msp.id(), actor, "msp.customer_rejected", "tenant", form.slug(),
					AuditEntry.Outcome.FAILURE, Map.of("fields", List.copyOf(problems.keySet())))
				.evenIfRolledBack());
			return problems;
		}
		Tenant customer = tenants.create(new NewTenant(form.slug(), form.displayName(), TenantKind.CUSTOMER, msp.slug(),
				form.issuer(), form.clientId(), form.clientSecret(), List.of(), form.providerKind()));
		TenantContext.run(customer.id(), () -> transactions.executeWithoutResult(status -> {
			events.publishEvent(new Happened(customer.id(), actor, "tenant.signup", "tenant", customer.slug(),
					AuditEntry.Outcome.SUCCESS,
					Map.of("displayName", customer.displayName(), "kind", customer.kind().name(), "issuer",
							customer.oktaIssuer(), "provider", customer.provider().name(), "by", msp.slug())));
			members.invite(form.ownerEmail(), Role.OWNER, null, actor, Role.OWNER);
			members.seatMspStaff(msp.id(), user.issuer(), user.getSubject(), user.login(), user.displayName(),
					STAFF_ROLE, actor);
		}));
		events.publishEvent(new Happened(msp.id(), actor, "msp.customer_added", "tenant", customer.slug(),
				AuditEntry.Outcome.SUCCESS,
				Map.of("displayName", customer.displayName(), "owner", form.ownerEmail().toLowerCase(Locale.ROOT)))
			.evenIfRolledBack());
		return Map.of();
	}

	/**
	 * The form as posted: trimmed, the short name and owner lower-cased, the issuer kept
	 * exactly as typed; the secret is never shown again.
	 */
	record CustomerForm(String displayName, String slug, String provider, String issuer, String clientId,
			String clientSecret, String ownerEmail) {

		CustomerForm {
			displayName = displayName == null ? "" : displayName.strip();
			slug = slug == null ? "" : slug.strip().toLowerCase(Locale.ROOT);
			provider = known(provider);
			issuer = issuer == null ? "" : issuer.strip();
			clientId = clientId == null ? "" : clientId.strip();
			clientSecret = clientSecret == null ? "" : clientSecret.strip();
			ownerEmail = ownerEmail == null ? "" : ownerEmail.strip().toLowerCase(Locale.ROOT);
		}

		static CustomerForm empty() {
			return new CustomerForm("", "", null, "", "", "", "");
		}

		private static String known(String provider) {
			for (IdentityProvider kind : IdentityProvider.values()) {
				if (kind.name().equals(provider)) {
					return provider;
				}
			}
			return IdentityProvider.OKTA.name();
		}

		IdentityProvider providerKind() {
			return IdentityProvider.valueOf(provider);
		}

		CustomerForm withoutSecret() {
			return new CustomerForm(displayName, slug, provider, issuer, clientId, "", ownerEmail);
		}

	}

}
