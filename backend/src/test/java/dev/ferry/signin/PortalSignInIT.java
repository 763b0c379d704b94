package dev.ferry.signin;

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
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.TenantStatus;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.BrowserExtension;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.Sandbox;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * People sign in to the portal in Chromium through their organisation's Okta (the
 * sandbox's real login form), move between the organisations they may enter, and never
 * see another organisation's pages.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class PortalSignInIT {

	static final String PASSWORD = SignInPages.PASSWORD;

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	JdbcTemplate jdbc;

	Sandbox sandbox = Sandbox.get();

	Tenant northwind;

	Tenant acme;

	Tenant globex;

	@BeforeEach
	void demoWorld() {
		northwind = tenant("northwind", TenantKind.MSP, null);
		acme = tenant("acme", TenantKind.CUSTOMER, northwind.slug());
		globex = tenant("globex", TenantKind.CUSTOMER, northwind.slug());
		invite(northwind, "msp.admin@northwind.example", Role.OWNER, null);
		invite(acme, "it.admin@acme.example", Role.OWNER, null);
		invite(acme, "msp.admin@northwind.example", Role.ADMIN, northwind);
		invite(globex, "it.admin@globex.example", Role.OWNER, null);
		invite(globex, "msp.admin@northwind.example", Role.ADMIN, northwind);
	}

	@Test
	void theAcmeAdminSignsInThroughAcmesOkta(Page page) {
		SignInPages.signIn(page, portal, acme.slug(), "it.admin@acme.example");
		assertThat(page).hasURL(portal + "/t/" + acme.slug() + "/");
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(acme.displayName())))
			.isVisible();
		assertThat(page.locator(".whoami-org")).hasText(acme.displayName());
		long signIns = TenantContext.call(acme.id(), () -> jdbc
			.queryForObject("select count(*) from audit_event where action = 'signin.success'", Long.class));
		assertThat(signIns).isEqualTo(1);
	}

	@Test
	void theMspAdminSwitchesBetweenTheCustomersItManages(Page page) {
		SignInPages.signIn(page, portal, northwind.slug(), "msp.admin@northwind.example");
		// an MSP's people land on the MSP console
		assertThat(page).hasURL(portal + "/t/" + northwind.slug() + "/customers");
		page.locator(".switcher summary").click();
		assertThat(page.locator(".switcher-list a", new Page.LocatorOptions().setHasText(acme.displayName())))
			.hasCount(1);
		assertThat(page.locator(".switcher-list a", new Page.LocatorOptions().setHasText(globex.displayName())))
			.hasCount(1);
		page.locator(".switcher-list a", new Page.LocatorOptions().setHasText(acme.displayName())).click();
		assertThat(page).hasURL(portal + "/t/" + acme.slug() + "/");
		assertThat(page.locator(".whoami-org")).hasText(acme.displayName());
		page.locator(".switcher summary").click();
		page.locator(".switcher-list a", new Page.LocatorOptions().setHasText(globex.displayName())).click();
		assertThat(page).hasURL(portal + "/t/" + globex.slug() + "/");
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Members").setExact(true)).click();
		assertThat(page.locator("tr[data-login='msp.admin@northwind.example']")).containsText("Signed in");
		// an admin, not an owner: the sign-in settings are the owners' (in people's
		// words)
		var response = page.navigate(portal + "/t/" + globex.slug() + "/settings/sign-in");
		org.assertj.core.api.Assertions.assertThat(response.status()).isEqualTo(403);
		assertThat(page.locator("h1")).hasText("Your role does not allow this");
	}

	@Test
	void aGlobexAdminCannotReachAnyAcmePage(Page page) {
		SignInPages.signIn(page, portal, globex.slug(), "it.admin@globex.example");
		for (String path : List.of("/", "/members", "/connections", "/audit")) {
			var response = page.navigate(portal + "/t/" + acme.slug() + path);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Page not found")))
				.isVisible();
		}
		long denied = TenantContext.call(acme.id(), () -> jdbc
			.queryForObject("select count(*) from audit_event where action = 'access.denied'", Long.class));
		assertThat(denied).isEqualTo(4);
	}

	@Test
	void shareFileCredentialsAreTestedForRealAndFailuresSayWhy(Page page) {
		SignInPages.signIn(page, portal, acme.slug(), "it.admin@acme.example");
		page.navigate(portal + "/t/" + acme.slug() + "/connections");
		page.getByLabel("Base URL").fill(sandbox.shareFileBaseUrl("acme"));
		page.getByLabel("OAuth client id").fill("sandbox-client");
		page.getByLabel("OAuth client secret").fill("sandbox-secret");
		page.getByLabel("Admin username").fill("sf.admin@acme.example");
		page.getByLabel("Admin password").fill(PASSWORD);
		page.locator("#target")
			.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Save"))
			.click();
		assertThat(page.locator(".flash-success")).containsText("ShareFile connection saved");
		assertThat(page.getByLabel("OAuth client secret")).hasValue("");
		assertThat(page.getByLabel("OAuth client secret")).hasAttribute("placeholder", "Set (hidden)");
		assertThat(page.content()).doesNotContain("sandbox-secret").doesNotContain(PASSWORD);

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test API credentials")).click();
		assertThat(page.locator("#target-outcome")).containsText("Connected");
		assertThat(page.locator("#target-outcome")).containsText("licence");

		page.getByLabel("Admin password").fill("wrong-password-1");
		page.locator("#target")
			.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Save"))
			.click();
		// a stored secret is replaced only once the admin confirms
		page.locator("#target-replace")
			.getByRole(AriaRole.BUTTON,
					new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Replace the stored secrets"))
			.click();
		assertThat(page.locator(".flash-success")).containsText("ShareFile connection saved");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test API credentials")).click();
		assertThat(page.locator("#target-outcome")).containsText("rejected the admin username or password");
	}

	@Test
	void theOktaConnectionFormSaysWhatIsWrongFieldByFieldAndItsChoicesSitByTheirLabels(Page page) {
		SignInPages.signIn(page, portal, acme.slug(), "it.admin@acme.example");
		page.navigate(portal + "/t/" + acme.slug() + "/connections");
		var okta = page.locator("#source");
		var radio = okta.getByLabel("API token (SSWS)").boundingBox();
		var words = okta
			.locator("label", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("API token (SSWS)"))
			.locator("span")
			.boundingBox();
		org.assertj.core.api.Assertions.assertThat(words.x - (radio.x + radio.width))
			.as("the radio button sits right beside its words")
			.isBetween(0.0, 24.0);

		okta.getByLabel("Okta org URL").fill("ftp://acme.example");
		okta.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Save"))
			.click();
		assertThat(page.locator(".flash-error")).containsText("The Okta connection was not saved");
		assertThat(page.locator("#okta-orgUrl-error")).isVisible();
		assertThat(page.locator("#okta-apiToken-error")).hasText("Required.");
		assertThat(page.getByLabel("Okta org URL")).hasValue("ftp://acme.example");

		page.getByLabel("Okta org URL").fill(sandbox.oktaIssuer("acme"));
		page.getByLabel("API token", new Page.GetByLabelOptions().setExact(true)).fill("00-sandbox-token");
		page.locator("#source")
			.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Save"))
			.click();
		assertThat(page.locator(".flash-success")).containsText("Okta connection saved");
		assertThat(page.getByLabel("API token", new Page.GetByLabelOptions().setExact(true)))
			.hasAttribute("placeholder", "Set (hidden)");
	}

	@Test
	void theIdentitySourceIsSetUpStepByStepAsItsConnectorDeclares(Page page) {
		SignInPages.signIn(page, portal, acme.slug(), "it.admin@acme.example");
		page.navigate(portal + "/t/" + acme.slug() + "/connections");
		var source = page.locator("#source");
		source.getByLabel("Okta org URL").fill(sandbox.oktaIssuer("acme"));
		source.getByLabel("API token (SSWS)").check();
		source.getByLabel("API token", new com.microsoft.playwright.Locator.GetByLabelOptions().setExact(true))
			.fill("sandbox-token-acme");
		source.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Save"))
			.click();
		assertThat(page.locator(".flash-success")).containsText("Okta connection saved");

		// the test and the list come back as htmx fragments
		source.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Test"))
			.click();
		assertThat(page.locator("#source-outcome")).containsText("Connected");
		source
			.getByRole(AriaRole.BUTTON,
					new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Choose from the list"))
			.click();
		var app = source.getByLabel("Choose", new com.microsoft.playwright.Locator.GetByLabelOptions().setExact(true));
		String shareFile = app
			.locator("option", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("ShareFile ("))
			.first()
			.getAttribute("value");
		app.selectOption(shareFile);
		source
			.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Use this one"))
			.click();
		assertThat(page.locator(".flash-success")).containsText("Ferry now provisions from your choice");
		assertThat(page.locator("#source"))
			.containsText("Ferry provisions the people assigned to ShareFile (" + shareFile + ")");
		assertThat(page.locator("#hook")).containsText("/hooks/okta/" + acme.slug());

		// a service app: its key pair is a step after saving, its public half shown to
		// paste into Okta
		page.locator("#source").getByLabel("OAuth service app (recommended): Ferry generates a key pair").check();
		page.locator("#source").getByLabel("Service app client id").fill("0oaferrybrowser1");
		page.locator("#source")
			.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Save"))
			.click();
		assertThat(page.locator("#source")).containsText("Ferry provisions the people assigned to ShareFile");
		page.locator("#source")
			.getByRole(AriaRole.BUTTON,
					new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Generate key pair"))
			.click();
		assertThat(page.locator(".flash-success")).containsText("A new key pair was generated");
		assertThat(page.getByLabel("Public key to register"))
			.hasValue(java.util.regex.Pattern.compile("\"kty\":\"RSA\""));
		org.assertj.core.api.Assertions.assertThat(page.getByLabel("Public key to register").inputValue())
			.doesNotContain("\"d\":");
	}

	@Test
	void aNewOrganisationSignsUpAndItsFirstPersonBecomesOwner(Page page) {
		String slug = TestTenants.uniqueSlug("newco");
		String clientId = "signup-" + UUID.randomUUID().toString().substring(0, 8);
		sandbox.control("POST", "/sandbox/api/okta/globex/oidc-apps",
				"{\"clientId\":\"" + clientId
						+ "\",\"clientSecret\":\"newco-secret-1\",\"label\":\"Ferry\",\"redirectUris\":[\"" + portal
						+ "/login/oauth2/code/" + slug + "\"],\"postLogoutRedirectUris\":[\"" + portal
						+ "/login?logout\"],\"groupsClaim\":true}");
		page.navigate(portal + "/signup");
		SignInPages.signUp(page, "Okta", slug, sandbox.oktaIssuer("globex") + "/oauth2/v1", clientId, "newco-secret-1");
		assertThat(page.locator("#issuer-error")).containsText("answered HTTP 404");
		assertThat(tenants.bySlug(slug)).as("nothing half-created").isEmpty();

		// the secret is proven by the first sign-in, which says what to do about it
		SignInPages.signUp(page, "Okta", slug, sandbox.oktaIssuer("globex"), clientId, "not-the-secret");
		SignInPages.oktaSignIn(page, "ada.stone@globex.example");
		assertThat(page).hasURL(Pattern.compile(".*/login\\?error"));
		// in the words of the provider chosen at sign-up
		assertThat(page.locator(".flash-error"))
			.containsText("Okta refused Ferry's client id or secret (invalid_client");
		assertThat(page.locator(".flash-error")).containsText("sign up again with the same short name");
		assertThat(tenants.bySlug(slug).orElseThrow().status()).isEqualTo(TenantStatus.ONBOARDING);

		// signing up again replaces the secret, but only with one the provider accepts:
		// the short name, issuer and client id are no secret
		page.navigate(portal + "/signup");
		SignInPages.signUp(page, "Okta", slug, sandbox.oktaIssuer("globex"), clientId, "still-not-the-secret");
		assertThat(page.locator("#clientSecret-error")).containsText("did not accept the client id and secret");
		SignInPages.signUp(page, "Okta", slug, sandbox.oktaIssuer("globex"), clientId, "newco-secret-1");
		assertThat(page).hasURL(portal + "/t/" + slug + "/");
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Members").setExact(true)).click();
		assertThat(page.locator("tr[data-login='ada.stone@globex.example']")).containsText("Owner");

		// once someone has signed in, the short name is the organisation's for good
		page.navigate(portal + "/signup");
		SignInPages.signUp(page, "Okta", slug, sandbox.oktaIssuer("globex"), clientId, "anything");
		assertThat(page.locator("#slug-error")).containsText("That short name is taken");
	}

	@Test
	void signUpShowsTheChosenProvidersDirections(Page page) {
		page.navigate(portal + "/signup");
		assertThat(page.locator("#provider-part")).containsText("Okta Admin Console");
		page.getByLabel("Microsoft Entra ID").check();
		assertThat(page.locator("#provider-part")).containsText("Microsoft Entra admin center");
		assertThat(page.getByLabel("Issuer", new Page.GetByLabelOptions().setExact(true))).hasAttribute("placeholder",
				"https://login.microsoftonline.com/your-tenant-id/v2.0");
		page.getByLabel("Google Workspace").check();
		assertThat(page.getByLabel("Issuer", new Page.GetByLabelOptions().setExact(true)))
			.hasValue("https://accounts.google.com");
		assertThat(page.locator("#provider-part")).containsText("Google sends no groups");
	}

	@Test
	void strangersAndUnknownOrganisationsAreToldWhatToDo(Page page) {
		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill("no-such-org");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		assertThat(page.locator(".flash-error")).containsText("We don't know an organisation by that name");
		// straight to the start of an unknown organisation's sign-in: the sign-in page,
		// not an error
		page.navigate(portal + "/oauth2/authorization/no-such-org");
		assertThat(page).hasURL(portal + "/login");

		SignInPages.signIn(page, portal, acme.slug(), "ben.reed@acme.example");
		assertThat(page).hasURL(Pattern.compile(".*/login\\?error"));
		assertThat(page.locator(".flash-error")).containsText("is not a member of " + acme.displayName());
	}

	@Test
	void signingOutEndsTheOktaSessionToo(Page page) {
		SignInPages.signIn(page, portal, acme.slug(), "it.admin@acme.example");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		assertThat(page).hasURL(portal + "/login?logout");
		assertThat(page.locator(".flash-success")).containsText("You have signed out");
		page.navigate(portal + "/t/" + acme.slug() + "/");
		assertThat(page).hasURL(portal + "/login");
		long signOuts = TenantContext.call(acme.id(),
				() -> jdbc.queryForObject("select count(*) from audit_event where action = 'signout'", Long.class));
		assertThat(signOuts).isEqualTo(1);
	}

	private Tenant tenant(String org, TenantKind kind, String managedBy) {
		Tenant tenant = tenants.create(new NewTenant(TestTenants.uniqueSlug(org),
				org.substring(0, 1).toUpperCase() + org.substring(1) + " "
						+ UUID.randomUUID().toString().substring(0, 4),
				kind, managedBy, sandbox.oktaIssuer(org), "ferry-portal", "ferry-portal-secret-" + org, List.of()));
		sandbox.registerPortal(org, portal, tenant.slug());
		return tenant;
	}

	private void invite(Tenant tenant, String login, Role role, Tenant via) {
		TenantContext.run(tenant.id(), () -> members.invite(login, role, via == null ? null : via.id(),
				AuditEntry.Actor.system(), Role.OWNER));
	}

}
