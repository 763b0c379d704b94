package dev.ferry.msp;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.provisioning.FakeWork;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.TestUsers;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TestTenants;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferry_msp_customers} (V28), the one query behind the MSP console: it answers
 * only with customers the person may enter through this MSP (never one where they have no
 * seat, never one another MSP manages, nothing for an MSP they are not in or have left),
 * and its numbers are the engine's own rows counted as the console says.
 */
@FerryIntegrationTest
@Import(FakeWork.class)
@TestPropertySource(properties = "ferry.roles=web")
class MspCustomersIT {

	static final String MSP_ISSUER = "https://northwind.okta.test";

	@Autowired
	Tenants tenants;

	@Autowired
	MspCustomers customers;

	@Autowired
	JdbcTemplate jdbc;

	MspWorld world;

	Tenant northwind;

	Tenant contoso;

	String subject;

	FerryUser admin;

	@BeforeEach
	void world() {
		world = new MspWorld(tenants);
		northwind = world.msp("northwind", MSP_ISSUER);
		contoso = world.msp("contoso", "https://contoso.okta.test");
		subject = "sub-" + UUID.randomUUID();
		admin = TestUsers.user(MSP_ISSUER, subject, "msp.admin@northwind.example",
				List.of(TestTenants.membership(northwind, Role.OWNER)));
	}

	@AfterEach
	void switchSeededProvisioningOff() {
		world.close();
	}

	@Test
	void onlyCustomersOfThisMspWhereThePersonHasASeat() {
		Tenant acme = world.customer("Acme", northwind, "https://acme.okta.test");
		Tenant globex = world.customer("Globex", northwind, "https://globex.okta.test");
		Tenant initech = world.customer("Initech", northwind, "https://initech.okta.test");
		Tenant umbrella = world.customer("Umbrella", contoso, "https://umbrella.okta.test");
		Tenant hooli = world.customer("Hooli", contoso, "https://hooli.okta.test");
		world.seat(acme, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.ADMIN, northwind);
		world.seat(globex, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.AUDITOR, northwind);
		// initech: managed by northwind, but no seat for this person
		world.seat(initech, MSP_ISSUER, "someone-else", "colleague@northwind.example", Role.ADMIN, northwind);
		// umbrella: another MSP's customer where the person holds a seat of their own
		world.seat(umbrella, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.ADMIN, null);
		// hooli: a seat "through northwind" in a customer northwind does not manage
		world.seat(hooli, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.ADMIN, northwind);

		List<CustomerRow> rows = TenantContext.call(northwind.id(), () -> customers.of(northwind.id(), admin));

		assertThat(rows).extracting(CustomerRow::slug).containsExactlyInAnyOrder(acme.slug(), globex.slug());
		assertThat(rows).filteredOn(row -> row.slug().equals(globex.slug()))
			.extracting(CustomerRow::role)
			.containsExactly(Role.AUDITOR);
		// asked for another MSP, which the person is not in: nothing, though they have a
		// seat in one of its customers
		assertThat(TenantContext.call(northwind.id(), () -> customers.of(contoso.id(), admin))).isEmpty();
		// asked for a customer as if it were an MSP: nothing
		assertThat(TenantContext.call(northwind.id(), () -> customers.of(acme.id(), admin))).isEmpty();
	}

	@Test
	void nothingOnceThePersonIsNoLongerInTheMsp() {
		Tenant acme = world.customer("Acme", northwind, "https://acme.okta.test");
		world.seat(acme, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.ADMIN, northwind);
		assertThat(TenantContext.call(northwind.id(), () -> customers.of(northwind.id(), admin))).hasSize(1);

		world.owner.update("delete from member where tenant_id = ? and subject = ?", northwind.id(), subject);

		assertThat(TenantContext.call(northwind.id(), () -> customers.of(northwind.id(), admin))).isEmpty();
	}

	@Test
	void aCustomerHandedToAnotherMspLeavesTheConsole() {
		Tenant acme = world.customer("Acme", northwind, "https://acme.okta.test");
		world.seat(acme, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.ADMIN, northwind);
		world.owner.update("update tenant set managed_by = ? where id = ?", contoso.id(), acme.id());

		assertThat(TenantContext.call(northwind.id(), () -> customers.of(northwind.id(), admin))).isEmpty();
	}

	@Test
	void theNumbersAreTheEnginesRowsCounted() {
		Tenant acme = world.customer("Acme", northwind, "https://acme.okta.test");
		Tenant quiet = world.customer("Quiet", northwind, "https://quiet.okta.test");
		world.seat(acme, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.ADMIN, northwind);
		world.seat(quiet, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.ADMIN, northwind);
		Instant tested = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
		world.connections(acme, true, false, tested);
		world.provisioning(acme, true);
		world.links(acme, 7);
		world.job(acme, "PENDING", null, Duration.ZERO, null);
		world.job(acme, "PENDING", "THROTTLED", Duration.ofSeconds(30), null);
		world.job(acme, "RUNNING", null, Duration.ZERO, null);
		world.job(acme, "DEAD", "HTTP", Duration.ZERO, Duration.ofHours(1));
		world.job(acme, "DEAD", "HTTP", Duration.ZERO, Duration.ofDays(2));
		world.run(acme, "RECONCILE", "DONE", 3, 2, Duration.ofHours(2));
		world.run(acme, "RECONCILE", "HELD", 0, 0, Duration.ofHours(3));
		world.run(acme, "RECONCILE", "HELD", 0, 0, Duration.ofDays(3));
		world.run(acme, "DRY_RUN", "DONE", 9, 5, Duration.ofMinutes(1));
		world.run(acme, "PERSON", "DONE", 1, 0, Duration.ofMinutes(30));
		world.run(acme, "RECONCILE", "FAILED", 0, 4, Duration.ofDays(2));

		Map<String, CustomerRow> rows = TenantContext.call(northwind.id(), () -> customers.of(northwind.id(), admin))
			.stream()
			.collect(Collectors.toMap(CustomerRow::slug, Function.identity()));

		CustomerRow row = rows.get(acme.slug());
		assertThat(row.targetOk()).isTrue();
		assertThat(row.sourceOk()).isFalse();
		assertThat(row.targetTestedAt()).isEqualTo(tested);
		assertThat(row.connections()).isEqualTo(CustomerRow.Health.FAILING);
		assertThat(row.provisioningOn()).isTrue();
		assertThat(row.linked()).isEqualTo(7);
		assertThat(row.queued()).as("pending jobs, the throttled one included").isEqualTo(2);
		assertThat(row.throttled()).isTrue();
		assertThat(row.failures24h()).as("2 failed operations of a reconcile + 1 job given up, both within 24 h")
			.isEqualTo(3);
		assertThat(row.held24h()).isEqualTo(1);
		// the person run 30 minutes ago applied something; the dry run applies nothing
		assertThat(row.lastChange()).isBetween(Instant.now().minus(Duration.ofMinutes(31)),
				Instant.now().minus(Duration.ofMinutes(29)));
		assertThat(row.needsAttention()).isTrue();

		CustomerRow empty = rows.get(quiet.slug());
		assertThat(empty.connections()).isEqualTo(CustomerRow.Health.MISSING);
		assertThat(empty.provisioningOn()).isFalse();
		assertThat(empty.lastChange()).isNull();
		assertThat(List.of(empty.linked(), empty.queued(), empty.failures24h(), empty.held24h())).containsOnly(0L);
		assertThat(empty.throttled()).isFalse();
		assertThat(empty.needsAttention()).isFalse();
	}

	@Test
	void theApplicationRoleMayCallItButSeesNoRowsOfItsOwnAcrossTenants() {
		Tenant acme = world.customer("Acme", northwind, "https://acme.okta.test");
		world.seat(acme, MSP_ISSUER, subject, "msp.admin@northwind.example", Role.ADMIN, northwind);
		world.links(acme, 3);
		// the same count with a plain query as the application, in the MSP's context:
		// row-level security hides the customer's links
		Long plain = TenantContext.call(northwind.id(),
				() -> jdbc.queryForObject("select count(*) from link where tenant_id = ?", Long.class, acme.id()));
		assertThat(plain).isZero();
		assertThat(TenantContext.call(northwind.id(), () -> customers.of(northwind.id(), admin)))
			.extracting(CustomerRow::linked)
			.containsExactly(3L);
	}

	/**
	 * 200 customers with work, runs and 1,000 linked people each: one call, timed as the
	 * console makes it (after a warm-up call), printed for docs/portal-msp.md.
	 */
	@Test
	void twoHundredCustomersInOneCall() {
		Tenant msp = world.msp("bigmsp", MSP_ISSUER);
		FerryUser big = TestUsers.user(MSP_ISSUER, subject + "-big", "big@northwind.example",
				List.of(TestTenants.membership(msp, Role.OWNER)));
		for (int i = 0; i < 200; i++) {
			Tenant customer = world.customer("Customer " + i, msp, "https://c" + i + ".okta.test");
			world.seat(customer, MSP_ISSUER, subject + "-big", "big@northwind.example", Role.ADMIN, msp);
			world.connections(customer, true, true, Instant.now());
			world.provisioning(customer, true);
			world.links(customer, 1000);
			for (int r = 0; r < 20; r++) {
				world.run(customer, "PERSON", "DONE", 1, r % 5 == 0 ? 1 : 0, Duration.ofHours(r * 3L));
			}
			world.job(customer, "PENDING", null, Duration.ZERO, null);
			world.job(customer, "DONE", null, Duration.ZERO, Duration.ofMinutes(5));
		}
		// as autovacuum leaves a table: statistics and the visibility map (index-only
		// counts)
		world.owner.execute("vacuum analyze");
		TenantContext.call(msp.id(), () -> customers.of(msp.id(), big));
		long best = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			List<CustomerRow> rows = TenantContext.call(msp.id(), () -> customers.of(msp.id(), big));
			best = Math.min(best, System.nanoTime() - start);
			assertThat(rows).hasSize(200);
		}
		System.out.printf("MSP console query, 200 customers (1,000 links, 20 runs each): best of 5 %.1f ms%n",
				best / 1e6);
		assertThat(Duration.ofNanos(best)).isLessThan(Duration.ofMillis(300));
	}

}
