package dev.ferry.provisioning;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;

import dev.ferry.audit.AuditEntry;
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
 * An admin signs in through the sandbox's Okta, opens the provisioning settings from the
 * main navigation, types a mapping expression with a mistake, sees where the mistake is,
 * fixes it and saves.
 */
@FerryIntegrationTest
@Import(FakeWork.class)
// this context's work goes to the fakes: it runs no workers or scheduler of its own, so
// it never takes
// jobs from the contexts that test the real queue
@org.springframework.test.context.TestPropertySource(properties = "ferry.roles=web")
@ExtendWith(BrowserExtension.class)
class ProvisioningSettingsBrowserIT {

	static final String PASSWORD = "Ferry-demo-1";

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Provisioning provisioning;

	Sandbox sandbox = Sandbox.get();

	Tenant acme;

	@BeforeEach
	void acme() {
		acme = tenants.create(new NewTenant(TestTenants.uniqueSlug("acme"),
				"Acme " + UUID.randomUUID().toString().substring(0, 4), TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("acme"), "ferry-portal", "ferry-portal-secret-acme", List.of()));
		sandbox.registerPortal("acme", portal, acme.slug());
		TenantContext.run(acme.id(),
				() -> members.invite("it.admin@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));
	}

	@Test
	void aBadMappingExpressionIsShownWhereItIsThenFixedAndSaved(Page page) {
		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(acme.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		assertThat(page).hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:" + sandbox.port() + "/okta/"));
		page.getByLabel("Username").fill("it.admin@acme.example");
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(page).hasURL(portal + "/t/" + acme.slug() + "/");

		page.locator(".mainnav")
			.getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Provisioning"))
			.click();
		assertThat(page).hasURL(portal + "/t/" + acme.slug() + "/provisioning");
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings and mappings")).click();
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Provisioning settings")))
			.isVisible();
		int before = TenantContext.call(acme.id(), () -> provisioning.configVersion());

		page.getByLabel("Expression of row 1").fill("lower(user.firstName");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
		assertThat(page.locator(".flash-error")).containsText("Nothing was saved");
		assertThat(page.locator("#mapping-0-expression-error .field-error")).containsText("position 20");
		assertThat(page.locator("#mapping-0-expression-error .caret-pointer")).hasText(" ".repeat(20) + "^");
		assertThat(page.getByLabel("Expression of row 1")).hasValue("lower(user.firstName");
		assertThat(page.getByLabel("Expression of row 1")).hasAttribute("aria-invalid", "true");
		assertThat(TenantContext.call(acme.id(), () -> provisioning.configVersion())).isEqualTo(before);

		page.getByLabel("Expression of row 1").fill("lower(user.firstName)");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
		assertThat(page.locator(".flash-success")).containsText("Saved as version " + (before + 1));
		assertThat(page.getByLabel("Expression of row 1")).hasValue("lower(user.firstName)");
		assertThat(page.locator(".field-error")).hasCount(0);
		assertThat(TenantContext.call(acme.id(), () -> provisioning.config().mappings().get(0).expression()))
			.isEqualTo("lower(user.firstName)");
	}

}
