package dev.ferry.signin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.ClientAuth;
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
 * An owner moves sign-in from the client secret to a key pair Ferry generates
 * ({@code private_key_jwt}): Ferry serves the public key, refuses to switch while the
 * provider does not accept the key, and once it does, people sign in with assertions
 * signed by it (the sandbox's app then refuses any client secret, so a sign-in proves the
 * assertion).
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class PrivateKeyJwtSignInIT {

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	JdbcTemplate jdbc;

	Sandbox sandbox = Sandbox.get();

	@Test
	void anOwnerMovesSignInToAKeyPairFerryGenerated(Page page) throws Exception {
		String slug = TestTenants.uniqueSlug("pkj");
		String clientId = "pkj-" + UUID.randomUUID().toString().substring(0, 8);
		sandbox.control("POST", "/sandbox/api/okta/globex/oidc-apps",
				"{\"clientId\":\"" + clientId
						+ "\",\"clientSecret\":\"pkj-secret\",\"label\":\"Ferry\",\"redirectUris\":[\"" + portal
						+ "/login/oauth2/code/" + slug + "\"],\"postLogoutRedirectUris\":[\"" + portal
						+ "/login?logout\"],\"groupsClaim\":true}");
		Tenant tenant = tenants.create(new NewTenant(slug, "Keyed " + slug, TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("globex"), clientId, "pkj-secret", List.of()));
		TenantContext.run(tenant.id(), () -> members.invite("it.admin@globex.example", Role.OWNER, null,
				AuditEntry.Actor.system(), Role.OWNER));
		assertThat(jwks(slug).body()).as("no key yet").isEqualTo("{\"keys\":[]}");

		SignInPages.signIn(page, portal, slug, "it.admin@globex.example");
		page.navigate(portal + "/t/" + slug + "/settings/sign-in");
		assertThat(page.locator("#client-auth")).containsText("with the app's client secret");
		click(page, "Generate a key pair");
		assertThat(page.locator(".flash-success")).containsText("Ferry generated a key pair");
		String jwksUrl = portal + "/oidc/" + slug + "/jwks.json";
		assertThat(page.locator("#client-auth")).containsText(jwksUrl);
		String keyId = tenants.bySlug(slug).orElseThrow().signingKeyId();
		HttpResponse<String> published = jwks(slug);
		assertThat(published.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/jwk-set+json"));
		assertThat(published.body()).contains("\"kid\":\"" + keyId + "\"")
			.contains("\"n\":")
			.as("the private exponent never leaves Ferry")
			.doesNotContain("\"d\":")
			.doesNotContain("\"p\":");

		// the provider's app still expects the secret: Ferry checks and keeps the secret
		click(page, "Use the key for sign-in");
		assertThat(page.locator(".flash-error")).containsText("your provider did not accept the key");
		assertThat(tenants.bySlug(slug).orElseThrow().clientAuth()).isEqualTo(ClientAuth.SECRET);

		// the administrator gives the provider Ferry's key address
		sandbox.control("PUT", "/sandbox/api/okta/globex/oidc-apps/" + clientId + "/client-authentication",
				"{\"method\":\"private_key_jwt\",\"jwksUri\":\"" + jwksUrl + "\"}");
		click(page, "Use the key for sign-in");
		assertThat(page.locator(".flash-success")).containsText("Sign-in now uses the key");
		assertThat(page.locator("#client-auth")).containsText("key pair it generated");
		assertThat(tenants.bySlug(slug).orElseThrow().clientAuth()).isEqualTo(ClientAuth.PRIVATE_KEY_JWT);
		// a key in use is not replaced
		assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Replace the key pair")))
			.hasCount(0);

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		SignInPages.signIn(page, portal, slug, "it.admin@globex.example");
		assertThat(page).hasURL(portal + "/t/" + slug + "/");
		long switches = TenantContext.call(tenant.id(), () -> jdbc
			.queryForObject("select count(*) from audit_event where action = 'signin.client_auth_set'", Long.class));
		assertThat(switches).isEqualTo(1);
		assertThat(jwks("no-such-organisation").statusCode()).isEqualTo(404);
	}

	@Test
	void anOwnerReplacesTheClientIdAndSecretOnlyWithOnesTheProviderAccepts(Page page) {
		String slug = TestTenants.uniqueSlug("rotate");
		String first = "first-" + UUID.randomUUID().toString().substring(0, 8);
		String second = "second-" + UUID.randomUUID().toString().substring(0, 8);
		for (String clientId : List.of(first, second)) {
			sandbox.control("POST", "/sandbox/api/okta/globex/oidc-apps",
					"{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + clientId
							+ "-secret\",\"label\":\"Ferry\",\"redirectUris\":[\"" + portal + "/login/oauth2/code/"
							+ slug + "\"],\"postLogoutRedirectUris\":[\"" + portal
							+ "/login?logout\"],\"groupsClaim\":true}");
		}
		Tenant tenant = tenants.create(new NewTenant(slug, "Rotating " + slug, TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("globex"), first, first + "-secret", List.of()));
		TenantContext.run(tenant.id(), () -> members.invite("it.admin@globex.example", Role.OWNER, null,
				AuditEntry.Actor.system(), Role.OWNER));
		SignInPages.signIn(page, portal, slug, "it.admin@globex.example");
		page.navigate(portal + "/t/" + slug + "/settings/sign-in");

		page.getByLabel("Client id").fill(second);
		page.getByLabel("Client secret").fill("not-the-secret");
		click(page, "Replace the client id and secret");
		assertThat(page.locator(".flash-error")).containsText("your provider did not accept");
		assertThat(tenants.bySlug(slug).orElseThrow().oidcClientId()).as("nothing changed").isEqualTo(first);

		page.getByLabel("Client id").fill(second);
		page.getByLabel("Client secret").fill(second + "-secret");
		click(page, "Replace the client id and secret");
		assertThat(page.locator(".flash-success")).containsText("accepted the new client id and secret");
		assertThat(tenants.bySlug(slug).orElseThrow().oidcClientId()).isEqualTo(second);
		String audited = TenantContext.call(tenant.id(), () -> jdbc.queryForObject(
				"select details::text from audit_event where action = 'signin.client_replaced'", String.class));
		assertThat(audited).contains(second).contains("changed").doesNotContain(second + "-secret");

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		SignInPages.signIn(page, portal, slug, "it.admin@globex.example");
		assertThat(page).hasURL(portal + "/t/" + slug + "/");
	}

	private HttpResponse<String> jwks(String slug) throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(HttpRequest.newBuilder(URI.create(portal + "/oidc/" + slug + "/jwks.json")).build(),
					HttpResponse.BodyHandlers.ofString());
		}
	}

	private static void click(Page page, String button) {
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(button)).click();
	}

}
