package dev.ferry.provisioning;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
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
 * An admin signs in through the sandbox's Okta, opens People from the main navigation,
 * searches as they type, looks up someone Ferry has not linked and reads why they are out
 * of scope, then opens someone in scope whose ShareFile account was edited behind Ferry's
 * back, sees the difference, provisions them now and sees it gone — at desktop width and
 * on a phone. Screenshots go to {@code target/screenshots/}.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class PeopleBrowserIT {

	static final String PASSWORD = "Ferry-demo-1";

	static final Path SHOTS = Path.of("target", "screenshots");

	static final LocatorAssertions.ContainsTextOptions SLOW = new LocatorAssertions.ContainsTextOptions()
		.setTimeout(30_000);

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
	void searchReadWhySomeoneIsOutOfScopeThenProvisionSomeoneNow(Page page) {
		// people sign in through the sandbox's acme org; the organisation provisions from
		// a private Okta org and ShareFile account of its own
		ProvisioningWorld world = new ProvisioningWorld(connections, provisioning, 1000, org -> {
			Tenant tenant = tenants.create(new NewTenant(TestTenants.uniqueSlug("people"),
					"People " + UUID.randomUUID().toString().substring(0, 4), TenantKind.CUSTOMER, null,
					sandbox.oktaIssuer("acme"), "ferry-portal", "ferry-portal-secret-acme", List.of()));
			sandbox.registerPortal("acme", portal, tenant.slug());
			TenantContext.run(tenant.id(), () -> members.invite("it.admin@acme.example", Role.OWNER, null,
					AuditEntry.Actor.system(), Role.OWNER));
			return tenant;
		});
		String ada = world.person("Ada", "Stone");
		world.assign(ada);
		world.person("Eli", "Moss");
		assertThat(world.configure(config -> config.withEnabled(true))).isEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> world.as(() -> provisioning.linkedAccounts()) == 1);
		// a ShareFile admin edits Ada's last name behind Ferry's back
		String adaEmail = world.email("Ada", "Stone");
		sandbox.control("PATCH", "/sandbox/api/sharefile/" + world.org + "/users/" + adaEmail,
				"{\"lastName\":\"Stone-Hale\"}");
		String slug = world.tenant.slug();

		page.setViewportSize(1280, 900);
		signIn(page, slug);
		page.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("People")).click();
		assertThat(page).hasURL(portal + "/t/" + slug + "/people");
		assertThat(page.locator(".mainnav a[aria-current=page]")).hasText("People");

		// search as you type: the results change under the box, the box keeps the focus
		Locator box = page.getByLabel("Name, e-mail, login or id");
		box.pressSequentially("stone", new Locator.PressSequentiallyOptions().setDelay(40));
		assertThat(page.locator("#people-results")).containsText("Ada Stone");
		assertThat(page.locator("#people-results [role=status]")).hasText("1 found for \"stone\".");
		assertThat(box).isFocused();
		page.screenshot(
				new Page.ScreenshotOptions().setPath(SHOTS.resolve("people-search-1280.png")).setFullPage(true));

		// someone Ferry never linked: nothing found, looked up in Okta, and why they are
		// out
		box.fill(world.email("Eli", "Moss"));
		assertThat(page.locator("#people-results")).containsText("Ferry knows nobody matching");
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions()
			.setName("Look up \"" + world.email("Eli", "Moss") + "\" in the identity source")).click();
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Scope decision"))).isVisible();
		assertThat(page.locator(".person .badge").first()).hasText("Not in scope");
		assertThat(page.locator("section.person"))
			.containsText("They are not assigned to the ShareFile app in Okta, directly or by group.");
		assertThat(page.locator("section.person")).containsText("out of scope: Ferry does not look for an account");
		page.screenshot(
				new Page.ScreenshotOptions().setPath(SHOTS.resolve("people-out-of-scope-1280.png")).setFullPage(true));
		page.setViewportSize(390, 844);
		page.screenshot(
				new Page.ScreenshotOptions().setPath(SHOTS.resolve("people-out-of-scope-390.png")).setFullPage(true));
		assertThat(noHorizontalScroll(page)).as("no sideways scrolling at phone width").isTrue();
		page.setViewportSize(1280, 900);

		// someone in scope whose account drifted: the difference, provision now, the
		// result
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to People")).click();
		page.getByLabel("Name, e-mail, login or id").fill("ada st");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).press("Enter");
		assertThat(page).hasURL(Pattern.compile("/t/" + slug + "/people\\?q=ada\\+st$"));
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ada Stone")).click();
		assertThat(page.locator(".person .badge").first()).hasText("In scope");
		assertThat(page.locator("section.person")).containsText("Linked to the ShareFile account " + adaEmail);
		Locator lastName = page.locator("table.computed tr", new Page.LocatorOptions().setHasText("user.lastName"));
		assertThat(lastName).containsText("Stone-Hale");
		assertThat(lastName).containsText("Will change");
		assertThat(page.locator("section.person")).containsText("UPDATE_ACCOUNT");
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("people-drift-1280.png")).setFullPage(true));
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Provision now")).click();
		assertThat(page).hasURL(Pattern.compile("/t/" + slug + "/people/" + ada + "$"));
		assertThat(page.locator("#person-activity")).containsText("UPDATE_ACCOUNT", SLOW);
		assertThat(page.locator("table.computed tr", new Page.LocatorOptions().setHasText("user.lastName")))
			.containsText("Same", SLOW);
		assertThat(page.locator("table.computed")).not().containsText("Stone-Hale");
		page.screenshot(
				new Page.ScreenshotOptions().setPath(SHOTS.resolve("people-provisioned-1280.png")).setFullPage(true));
		page.setViewportSize(390, 844);
		page.screenshot(
				new Page.ScreenshotOptions().setPath(SHOTS.resolve("people-provisioned-390.png")).setFullPage(true));
		page.navigate(portal + "/t/" + slug + "/people?q=stone");
		assertThat(page.locator("#people-results")).containsText("Ada Stone");
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("people-search-390.png")).setFullPage(true));
		assertThat(ProvisioningWorld.text(world.shareFileUser(adaEmail), "lastName")).isEqualTo("Stone");
	}

	private void signIn(Page page, String slug) {
		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(slug);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		assertThat(page).hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:" + sandbox.port() + "/okta/"));
		page.getByLabel("Username").fill("it.admin@acme.example");
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(page).hasURL(portal + "/t/" + slug + "/");
	}

	private static boolean noHorizontalScroll(Page page) {
		return (Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1");
	}

}
