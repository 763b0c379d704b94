package dev.ferry.msp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.audit.AuditEntry;
import dev.ferry.provisioning.FakeWork;
import dev.ferry.provisioning.Provisioning;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.TestUsers;
import dev.ferry.system.Problem;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.TenantStatus;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.Sandbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's actions: bulk actions performed as the member in each customer with their
 * role there (skipped, with the reason, where the role or the customer's state does not
 * allow them; never run where they have no seat), each audited in the customer's own log
 * and summarised in the MSP's; and adding a customer on its behalf.
 */
@FerryIntegrationTest
@Import(FakeWork.class)
@TestPropertySource(properties = "ferry.roles=web")
class MspActionsIT {

	static final String MSP_ISSUER = "https://northwind.okta.test";

	static final String LOGIN = "msp.admin@northwind.example";

	@Autowired
	Tenants tenants;

	@Autowired
	BulkActions bulk;

	@Autowired
	AddCustomer adding;

	@Autowired
	MspCustomers customers;

	@Autowired
	Provisioning provisioning;

	MspWorld world;

	Tenant northwind;

	String subject;

	FerryUser admin;

	@BeforeEach
	void world() {
		world = new MspWorld(tenants);
		northwind = world.msp("northwind", MSP_ISSUER);
		subject = "sub-" + UUID.randomUUID();
		admin = TestUsers.user(MSP_ISSUER, subject, LOGIN, List.of(TestTenants.membership(northwind, Role.OWNER)));
	}

	@AfterEach
	void switchSeededProvisioningOff() {
		world.close();
	}

	@Test
	void pauseRunsWithTheMembersRoleInEachCustomerAndSaysWhyItSkipped() {
		Tenant acme = customer("Acme", Role.ADMIN, true);
		Tenant globex = customer("Globex", Role.AUDITOR, true);
		Tenant initech = customer("Initech", Role.OWNER, false);
		Tenant contoso = world.msp("contoso", "https://contoso.okta.test");
		Tenant umbrella = world.customer("Umbrella", contoso, "https://umbrella.okta.test");
		world.seat(umbrella, MSP_ISSUER, subject, LOGIN, Role.OWNER, null);
		enable(umbrella);

		BulkResult result = bulk.run(BulkAction.PAUSE,
				List.of(acme.slug(), globex.slug(), initech.slug(), umbrella.slug(), "no-such-org"), northwind.id(),
				admin);

		assertThat(result.outcomes())
			.extracting(BulkResult.Outcome::slug, BulkResult.Outcome::done, BulkResult.Outcome::reason)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(acme.slug(), true, "msp.bulk.reason.pause.done"),
					org.assertj.core.groups.Tuple.tuple(globex.slug(), false, "msp.bulk.reason.role"),
					org.assertj.core.groups.Tuple.tuple(initech.slug(), false, "msp.bulk.reason.alreadyPaused"),
					org.assertj.core.groups.Tuple.tuple(umbrella.slug(), false, "msp.bulk.reason.noSeat"),
					org.assertj.core.groups.Tuple.tuple("no-such-org", false, "msp.bulk.reason.noSeat"));
		assertThat(result.done()).isEqualTo(1);
		assertThat(result.skipped()).isEqualTo(4);
		assertThat(enabled(acme)).isFalse();
		assertThat(enabled(globex)).isTrue();
		assertThat(enabled(umbrella)).as("another MSP's customer is never touched").isTrue();

		assertThat(audit(acme)).contains(Map.of("action", "provisioning.config.saved", "actor_id", subject));
		assertThat(audit(globex)).contains(Map.of("action", "msp.bulk_skipped", "actor_id", subject))
			.noneMatch(event -> event.get("action").equals("provisioning.config.saved")
					&& subject.equals(event.get("actor_id")));
		assertThat(audit(umbrella)).noneMatch(event -> subject.equals(event.get("actor_id")));
		assertThat(audit(northwind)).contains(Map.of("action", "msp.bulk_action", "actor_id", subject));
	}

	@Test
	void aDryRunStartsWhereConnectedAndResumeReconcilesEveryone() {
		Tenant acme = customer("Acme", Role.OPERATOR, false);
		Tenant globex = customer("Globex", Role.ADMIN, false);
		world.connections(acme, true, true, Instant.now());
		world.connections(globex, true, true, Instant.now());
		Tenant initech = customer("Initech", Role.ADMIN, false);

		BulkResult dry = bulk.run(BulkAction.DRY_RUN, List.of(acme.slug(), initech.slug()), northwind.id(), admin);

		assertThat(dry.outcomes()).extracting(BulkResult.Outcome::reason)
			.containsExactly("msp.bulk.reason.dry_run.done", "msp.bulk.reason.notConnected");
		assertThat(TenantContext.call(acme.id(), () -> provisioning.latestRuns(5))).hasSize(1)
			.allMatch(run -> run.kind().name().equals("DRY_RUN"));
		assertThat(audit(acme)).contains(Map.of("action", "provisioning.dry_run", "actor_id", subject));

		BulkResult resume = bulk.run(BulkAction.RESUME, List.of(acme.slug(), globex.slug()), northwind.id(), admin);

		assertThat(resume.outcomes()).extracting(BulkResult.Outcome::reason)
			.containsExactly("msp.bulk.reason.role", "msp.bulk.reason.resume.done");
		assertThat(enabled(globex)).isTrue();
		assertThat(enabled(acme)).isFalse();
	}

	@Test
	void addingACustomerCreatesItManagedByTheMspAndInvitesItsOwner() {
		Sandbox sandbox = Sandbox.get();
		String slug = TestTenants.uniqueSlug("newco");
		AddCustomer.CustomerForm form = new AddCustomer.CustomerForm("NewCo Ltd", slug, "OKTA",
				sandbox.oktaIssuer("globex"), "ferry-portal", "secret-newco", "Owner@NewCo.example");
		CurrentTenant msp = new CurrentTenant(northwind.id(), northwind.slug(), northwind.displayName(), TenantKind.MSP,
				Role.OWNER);

		Map<String, Problem> problems = adding.add(form, msp, admin);

		assertThat(problems).isEmpty();
		Tenant created = tenants.bySlug(slug).orElseThrow();
		assertThat(created.kind()).isEqualTo(TenantKind.CUSTOMER);
		assertThat(created.status()).isEqualTo(TenantStatus.ONBOARDING);
		assertThat(created.managedBy()).isEqualTo(northwind.id());
		assertThat(world.owner.queryForList(
				"select login, role, issuer, subject is not null as joined, via_tenant from member where tenant_id = ? order by login",
				created.id()))
			.containsExactly(
					Map.of("login", LOGIN, "role", "ADMIN", "issuer", MSP_ISSUER, "joined", true, "via_tenant",
							northwind.id()),
					mapOf("login", "owner@newco.example", "role", "OWNER", "issuer", sandbox.oktaIssuer("globex"),
							"joined", false, "via_tenant", null));
		// in the console at once, without signing in again
		assertThat(customers.of(northwind.id(), admin)).extracting(CustomerRow::slug).contains(slug);
		assertThat(audit(created)).extracting(event -> event.get("action")).contains("tenant.signup", "member.invited");
		assertThat(audit(northwind)).contains(Map.of("action", "msp.customer_added", "actor_id", subject));

		Map<String, Problem> again = adding.add(new AddCustomer.CustomerForm("Other", slug, "OKTA",
				sandbox.oktaIssuer("globex"), "ferry-portal", "secret", "not-an-address"), msp, admin);

		assertThat(again).containsKeys("slug", "ownerEmail");
		assertThat(audit(northwind)).contains(Map.of("action", "msp.customer_rejected", "actor_id", subject));
	}

	private Tenant customer(String name, Role role, boolean enabled) {
		Tenant customer = world.customer(name, northwind, "https://" + name.toLowerCase() + ".okta.test");
		world.seat(customer, MSP_ISSUER, subject, LOGIN, role, northwind);
		if (enabled) {
			enable(customer);
		}
		return customer;
	}

	private void enable(Tenant customer) {
		TenantContext.run(customer.id(),
				() -> assertThat(
						provisioning.saveConfig(provisioning.config().withEnabled(true), AuditEntry.Actor.system()))
					.isEmpty());
	}

	private boolean enabled(Tenant customer) {
		return TenantContext.call(customer.id(), () -> provisioning.config().enabled());
	}

	private List<Map<String, Object>> audit(Tenant tenant) {
		return world.owner.queryForList("select action, actor_id from audit_event where tenant_id = ? order by id",
				tenant.id());
	}

	private static Map<String, Object> mapOf(Object... pairs) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

}
