package dev.ferry.msp;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dev.ferry.audit.AuditEntry;
import dev.ferry.provisioning.FakeWork;
import dev.ferry.provisioning.Provisioning;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.BrowserExtension;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.Sandbox;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The northwind MSP admin signs in through northwind's Okta (the sandbox), lands on the
 * MSP console with both demo customers and 50 generated ones, sorts (by mouse and by
 * keyboard), filters, selects two customers, pauses their provisioning and reads the
 * summary. Screenshots at 1280 and 390 px go to {@code target/screenshots/}.
 */
@FerryIntegrationTest
@Import(FakeWork.class)
@TestPropertySource(properties = "ferry.roles=web")
@ExtendWith(BrowserExtension.class)
class MspConsoleBrowserIT {

	static final Path SHOTS = Path.of("target", "screenshots");

	static final String ADMIN = "msp.admin@northwind.example";

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Provisioning provisioning;

	Sandbox sandbox = Sandbox.get();

	MspWorld world;

	Tenant northwind;

	Tenant acme;

	Tenant globex;

	Tenant troubled;

	@BeforeEach
	void demoWorldAndFifty() {
		world = new MspWorld(tenants);
		northwind = sandboxTenant("northwind", TenantKind.MSP, null);
		acme = sandboxTenant("acme", TenantKind.CUSTOMER, northwind);
		globex = sandboxTenant("globex", TenantKind.CUSTOMER, northwind);
		invite(northwind, Role.OWNER, null);
		for (Tenant customer : List.of(acme, globex)) {
			invite(customer, Role.ADMIN, northwind);
			world.connections(customer, true, true, Instant.now().minus(Duration.ofMinutes(3)));
			world.links(customer, customer == acme ? 13 : 4);
			enable(customer);
		}
		world.run(acme, "PERSON", "DONE", 1, 0, Duration.ofMinutes(10));
		for (int i = 1; i <= 50; i++) {
			Tenant generated = world.customer(String.format("Generated %02d", i), northwind, "https://gen.okta.test");
			invite(generated, i % 10 == 0 ? Role.AUDITOR : Role.ADMIN, northwind);
			if (i % 3 == 0) {
				world.connections(generated, i % 9 != 0, true, Instant.now().minus(Duration.ofHours(i)));
				world.provisioning(generated, true);
				world.links(generated, i * 3);
			}
			if (i % 7 == 0) {
				world.run(generated, "RECONCILE", "DONE", 2, i, Duration.ofHours(1));
			}
			if (i % 11 == 0) {
				world.run(generated, "RECONCILE", "HELD", 0, 0, Duration.ofHours(2));
			}
		}
		troubled = world.customer("Generated 99", northwind, "https://gen.okta.test");
		invite(troubled, Role.ADMIN, northwind);
		world.run(troubled, "RECONCILE", "DONE", 1, 500, Duration.ofMinutes(30));
		world.job(troubled, "PENDING", "THROTTLED", Duration.ofMinutes(5), null);
	}

	@AfterEach
	void switchSeededProvisioningOff() {
		world.close();
	}

	@Test
	void theMspAdminSortsFiltersPausesTwoCustomersAndReadsTheSummary(Page page) {
		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(northwind.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		assertThat(page).hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:" + sandbox.port() + "/okta/"));
		page.getByLabel("Username").fill(ADMIN);
		page.getByLabel("Password").fill("Ferry-demo-1");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

		// home is the console; the MSP's own nav has no provisioning pages (its alerts
		// cover its customers)
		assertThat(page).hasURL(portal + "/t/" + northwind.slug() + "/customers");
		Locator nav = page.locator(".mainnav");
		assertThat(nav.getByRole(AriaRole.LINK))
			.hasText(new String[] { "Customers", "Members", "Audit log", "Alerts" });
		assertThat(page.locator(".msp-count")).hasText("Showing 53 of 53 customers");
		assertThat(page.locator("#customer-rows tbody tr")).hasCount(53);
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("msp-console-1280.png")).setFullPage(false));

		// sort by failures, most first: the troubled customer leads
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Failures 24 h")).click();
		assertThat(page.locator("th[aria-sort='descending']")).containsText("Failures 24 h");
		assertThat(page.locator("#customer-rows tbody tr").first()).hasAttribute("data-slug", troubled.slug());
		// by keyboard: the sort button keeps the focus after the table is swapped
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("People linked")).focus();
		page.keyboard().press("Enter");
		assertThat(page.locator("th[aria-sort='descending']")).containsText("People linked");
		assertThat(page.locator("#customer-rows tbody tr").first()).hasAttribute("data-slug",
				world.owner.queryForObject(
						"select t.slug from tenant t join link l on l.tenant_id = t.id where t.managed_by = ? "
								+ "group by t.slug order by count(*) desc limit 1",
						String.class, northwind.id()));
		assertThat(page.locator("button[data-sorted]")).isFocused();
		page.keyboard().press("Enter");
		assertThat(page.locator("th[aria-sort='ascending']")).containsText("People linked");
		assertThat(page).hasURL(Pattern.compile("sort=linked-asc"));

		// filter: needs attention, then a name
		page.getByLabel("Show", new Page.GetByLabelOptions().setExact(true)).selectOption("attention");
		assertThat(page.locator("#customer-rows tbody tr[data-slug='" + troubled.slug() + "']")).hasCount(1);
		assertThat(page.locator("#customer-rows tbody tr[data-slug='" + acme.slug() + "']")).hasCount(0);
		page.getByLabel("Show", new Page.GetByLabelOptions().setExact(true)).selectOption("all");
		page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("zzz-nobody");
		assertThat(page.locator(".msp-empty")).hasText("No customer matches this filter.");
		page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(acme.displayName().substring(0, 4));
		assertThat(page.locator("#customer-rows tbody tr[data-slug='" + acme.slug() + "']")).hasCount(1);
		page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("");
		assertThat(page.locator("#customer-rows tbody tr")).hasCount(53);

		// select the two demo customers and pause them
		page.getByLabel("Select " + acme.displayName()).check();
		page.getByLabel("Select " + globex.displayName()).check();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause provisioning")).click();
		Locator summary = page.locator("#bulk-result-heading");
		assertThat(summary).hasText("Pause provisioning: 2 done, 0 skipped");
		assertThat(summary).isFocused();
		assertThat(page.locator(".msp-outcomes li")).hasCount(2);
		assertThat(page.locator("#customer-rows tr[data-slug='" + acme.slug() + "']")).containsText("Paused");
		assertThat(TenantContext.call(acme.id(), () -> provisioning.config().enabled())).isFalse();
		assertThat(TenantContext.call(globex.id(), () -> provisioning.config().enabled())).isFalse();
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("msp-console-summary-1280.png")));

		// an auditor's seat: the action is skipped there, with the reason
		Tenant auditorSeat = tenants.bySlug(world.owner.queryForObject(
				"select t.slug from tenant t join member m on m.tenant_id = t.id where t.managed_by = ? and m.role = 'AUDITOR' limit 1",
				String.class, northwind.id()))
			.orElseThrow();
		page.getByLabel("Select " + auditorSeat.displayName()).check();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run a dry run")).click();
		assertThat(page.locator("#bulk-result-heading")).hasText("Run a dry run: 0 done, 1 skipped");
		assertThat(page.locator(".msp-outcomes li")).containsText("Your role in this customer does not allow this.");

		// the provisioning pages of the MSP itself still answer
		assertThat(page.navigate(portal + "/t/" + northwind.slug() + "/provisioning").status()).isEqualTo(200);

		// a phone
		page.setViewportSize(390, 844);
		page.navigate(portal + "/t/" + northwind.slug() + "/customers?state=attention&sort=failures-desc");
		assertThat(page.locator("#customer-rows tbody tr").first()).isVisible();
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("msp-console-390.png")).setFullPage(true));
		double overflow = ((Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
			.doubleValue();
		assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
	}

	private Tenant sandboxTenant(String org, TenantKind kind, Tenant msp) {
		Tenant tenant = tenants.create(new NewTenant(TestTenants.uniqueSlug(org),
				org.substring(0, 1).toUpperCase() + org.substring(1) + " "
						+ UUID.randomUUID().toString().substring(0, 4),
				kind, msp == null ? null : msp.slug(), sandbox.oktaIssuer(org), "ferry-portal",
				"ferry-portal-secret-" + org, List.of()));
		sandbox.registerPortal(org, portal, tenant.slug());
		return tenant;
	}

	private void invite(Tenant tenant, Role role, Tenant via) {
		TenantContext.run(tenant.id(), () -> members.invite(ADMIN, role, via == null ? null : via.id(),
				AuditEntry.Actor.system(), Role.OWNER));
	}

	private void enable(Tenant customer) {
		TenantContext.run(customer.id(),
				() -> provisioning.saveConfig(provisioning.config().withEnabled(true), AuditEntry.Actor.system()));
	}

}
