package dev.ferry.provisioning;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connection.Connections;
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
import static org.awaitility.Awaitility.await;

/**
 * An admin signs in and lands on the dashboard of an organisation that has provisioned
 * people for real: the numbers, the week's charts with their tables, keyboard reach, the
 * htmx refresh that leaves the focus where it was, and the page at phone width.
 * Screenshots at 1280 and 390 px go to {@code target/screenshots/}.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class DashboardBrowserIT {

	static final String PASSWORD = "Ferry-demo-1";

	static final Path SHOTS = Path.of("target", "screenshots");

	static final Duration CONVERGE = Duration.ofSeconds(40);

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	Sandbox sandbox = Sandbox.get();

	@Test
	void anAdminReadsTheDashboardOfAnOrganisationThatProvisions(Page page) {
		// an organisation people sign in to with the sandbox's acme Okta, provisioning
		// from
		// an Okta org and into a ShareFile account of its own
		Tenant tenant = tenants.create(new NewTenant(TestTenants.uniqueSlug("acme"),
				"Acme " + UUID.randomUUID().toString().substring(0, 4), TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("acme"), "ferry-portal", "ferry-portal-secret-acme", List.of()));
		sandbox.registerPortal("acme", portal, tenant.slug());
		TenantContext.run(tenant.id(),
				() -> members.invite("it.admin@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));
		ProvisioningWorld world = new ProvisioningWorld(tenant, connections, provisioning);
		List.of(world.person("Ben", "Reed"), world.person("Cara", "Hale"), world.person("Dev", "Patel"))
			.forEach(world::assign);
		world.configure(config -> config.withEnabled(true));
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 3);
		world.registerHook();
		String eve = world.person("Eve", "Moss");
		world.assign(eve);
		await().atMost(CONVERGE).until(() -> world.shareFileUser(world.email("Eve", "Moss")) != null);

		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(tenant.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		page.getByLabel("Username").fill("it.admin@acme.example");
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(page).hasURL(portal + "/t/" + tenant.slug() + "/");

		Locator numbers = page.locator("#dashboard-numbers");
		assertThat(numbers.locator("[data-figure=linked]")).hasText("4");
		assertThat(numbers.locator("[data-figure=failing]")).hasText("0");
		assertThat(numbers.locator("[data-figure=held]")).hasText("0");
		assertThat(numbers.locator("[data-figure=members]")).hasText("1");
		assertThat(numbers.locator("[data-figure=last-run]")).hasText("Done");
		assertThat(numbers.locator("[data-figure=target]")).hasText(Pattern.compile("Healthy|Not tested yet"));

		// the charts: named images with their numbers one click away
		Locator operations = page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Operations per hour"));
		assertThat(operations).isVisible();
		assertThat(operations.locator("rect.series-created").first()).isAttached();
		Locator latency = page.getByRole(AriaRole.IMG,
				new Page.GetByRoleOptions().setName("Change → ShareFile latency"));
		assertThat(latency).isVisible();
		assertThat(latency.locator("circle.dot-p50")).hasCount(1);
		page.getByText("The numbers of this chart, by hour").click();
		Locator opsTable = page.locator("details.chart-data").first().locator("tbody tr");
		assertThat(opsTable.first().locator("td").first()).hasText(Pattern.compile("[1-9]\\d*"));
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("dashboard-1280.png")).setFullPage(true));

		// keyboard: the cards' links are reachable, and a refresh keeps the focus on the
		// link it was on while the numbers change underneath
		Locator failingLink = page.locator("#dash-failing");
		failingLink.focus();
		assertThat(failingLink).isFocused();
		world.assign(world.person("Gus", "Bell"));
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 5);
		page.evaluate("() => htmx.ajax('GET', document.querySelector('#dashboard-numbers').getAttribute('hx-get'), "
				+ "{target: '#dashboard-numbers', swap: 'outerHTML'})");
		assertThat(numbers.locator("[data-figure=linked]")).hasText("5");
		assertThat(page.locator("#dash-failing")).isFocused();
		page.keyboard().press("Tab");
		assertThat(page.locator("#dash-held")).isFocused();

		page.setViewportSize(390, 844);
		page.reload();
		assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Operations per hour")))
			.isVisible();
		Object overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth");
		assertThat(overflow).as("nothing wider than a phone's screen").isEqualTo(false);
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("dashboard-390.png")).setFullPage(true));
	}

}
