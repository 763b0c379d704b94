package dev.ferry.signin;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.GroupRoles;
import dev.ferry.tenant.IdentityProvider;
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
 * Organisations on Okta custom authorization servers (issuer
 * {@code https://{org}.okta.com/oauth2/{id}}), as most Okta customers configure sign-in
 * for their own apps: {@code default} offers no {@code groups} scope and answers one with
 * {@code invalid_scope}, so Ferry must not ask for it; a server whose admin added a
 * groups claim under another name gives roles through that name.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class CustomAuthorizationServerSignInIT {

	static final String PASSWORD = SignInPages.PASSWORD;

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	GroupRoles groupRoles;

	@Autowired
	JdbcTemplate jdbc;

	Sandbox sandbox = Sandbox.get();

	@Test
	void onTheDefaultServerWithoutAGroupsScopeTheOwnerSignsInAndSignsOutOfOktaToo(Page page) {
		Tenant tenant = tenant("globex", "/oauth2/default");
		invite(tenant, "it.admin@globex.example", Role.OWNER);

		SignInPages.signIn(page, portal, tenant.slug(), "it.admin@globex.example");
		assertThat(page).hasURL(portal + "/t/" + tenant.slug() + "/");
		for (String path : List.of("/", "/members", "/connections", "/audit", "/provisioning", "/settings/sign-in")) {
			assertThat(page.navigate(portal + "/t/" + tenant.slug() + path).status()).as(path).isEqualTo(200);
		}
		// the settings page says why no group gives a role here
		assertThat(page.locator("#no-groups")).containsText("carried no groups claim");
		assertThat(page.locator("#provider")).containsText(sandbox.oktaIssuer("globex") + "/oauth2/default");

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		assertThat(page).hasURL(portal + "/login?logout");
		page.getByLabel("Organisation or work e-mail").fill(tenant.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		// Okta's session ended: it asks for the password again
		assertThat(page.getByLabel("Password")).isVisible();
	}

	@Test
	void aGroupsClaimUnderTheNameTheOrganisationGaveItGivesARole(Page page) {
		String server = "ferry" + UUID.randomUUID().toString().substring(0, 6);
		sandbox.control("POST", "/sandbox/api/okta/acme/authorization-servers", "{\"id\":\"" + server
				+ "\",\"groupsClaim\":{\"name\":\"ferry_groups\",\"filterType\":\"ALL\",\"scopes\":[]}}");
		Tenant tenant = tenant("acme", "/oauth2/" + server);
		invite(tenant, "it.admin@acme.example", Role.OWNER);
		TenantContext.run(tenant.id(), () -> {
			tenants.groupsClaim("ferry_groups", AuditEntry.Actor.system());
			groupRoles.put("Everyone", Role.AUDITOR, AuditEntry.Actor.system(), Role.OWNER);
		});

		// no invitation: the group in the claim named "ferry_groups" makes ben a member
		SignInPages.signIn(page, portal, tenant.slug(), "ben.reed@acme.example");
		assertThat(page).hasURL(portal + "/t/" + tenant.slug() + "/");
		String role = TenantContext.call(tenant.id(), () -> jdbc
			.queryForObject("select role from member where login = 'ben.reed@acme.example'", String.class));
		assertThat(role).isEqualTo("AUDITOR");
	}

	@Test
	void theFirstOwnersVerifiedDomainLeadsWorkEmailsToTheOrganisation(Page page) {
		// a domain leads to one organisation; free it from earlier tests' organisations
		jdbc.update("delete from tenant_email_domain where domain = 'globex.example'");
		Tenant tenant = tenant("globex", "/oauth2/default");

		SignInPages.signIn(page, portal, tenant.slug(), "ada.stone@globex.example");
		assertThat(page).hasURL(portal + "/t/" + tenant.slug() + "/");
		page.navigate(portal + "/t/" + tenant.slug() + "/settings/sign-in");
		assertThat(page.locator("#domains li[data-domain='globex.example']")).isVisible();
		assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add domain"))).isVisible();
		page.getByLabel("Domain").fill("gmail.com");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add domain")).click();
		assertThat(page.locator(".flash-error")).containsText("public mail service");
		page.getByLabel("Domain").fill("acme.example");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add domain")).click();
		assertThat(page.locator(".flash-error")).containsText("only the domain of your own e-mail");

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		page.getByLabel("Organisation or work e-mail").fill("ada.stone@globex.example");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		assertThat(page).hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:" + sandbox.port() + "/okta/globex/"));
	}

	@Test
	void aNewOrganisationSignsUpWithItsCustomServerAndAWrongSecretIsReportedAtTheFirstSignIn(Page page) {
		String slug = TestTenants.uniqueSlug("custom");
		String clientId = "custom-" + UUID.randomUUID().toString().substring(0, 8);
		sandbox.control("POST", "/sandbox/api/okta/globex/oidc-apps", "{\"clientId\":\"" + clientId
				+ "\",\"clientSecret\":\"custom-secret-1\",\"label\":\"Ferry\",\"redirectUris\":[\"" + portal
				+ "/login/oauth2/code/" + slug + "\"],\"postLogoutRedirectUris\":[\"" + portal + "/login?logout\"]}");
		String issuer = sandbox.oktaIssuer("globex") + "/oauth2/default";
		page.navigate(portal + "/signup");
		SignInPages.signUp(page, "Okta (custom authorization server)", slug, issuer, clientId, "wrong-secret");
		page.getByLabel("Username").fill("ada.stone@globex.example");
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(page.locator(".flash-error")).containsText("refused Ferry's client id or secret (invalid_client");

		page.navigate(portal + "/signup");
		SignInPages.signUp(page, "Okta (custom authorization server)", slug, issuer, clientId, "custom-secret-1");
		assertThat(page).hasURL(portal + "/t/" + slug + "/");
		for (String path : List.of("/", "/members", "/connections", "/audit", "/provisioning", "/settings/sign-in")) {
			assertThat(page.navigate(portal + "/t/" + slug + path).status()).as(path).isEqualTo(200);
		}
		assertThat(tenants.bySlug(slug).orElseThrow().provider()).isEqualTo(IdentityProvider.OKTA_CUSTOM);
		assertThat(page.locator("#provider")).containsText(issuer);
	}

	private Tenant tenant(String org, String serverPath) {
		Tenant tenant = tenants.create(new NewTenant(TestTenants.uniqueSlug(org),
				"Custom " + UUID.randomUUID().toString().substring(0, 4), TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer(org) + serverPath, "ferry-portal", "ferry-portal-secret-" + org, List.of()));
		sandbox.registerPortal(org, portal, tenant.slug());
		return tenant;
	}

	private void invite(Tenant tenant, String login, Role role) {
		TenantContext.run(tenant.id(), () -> members.invite(login, role, null, AuditEntry.Actor.system(), Role.OWNER));
	}

}
