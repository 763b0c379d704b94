package dev.ferry.signin;

import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

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
 * An OpenID Provider rotates its signing keys between two sign-ins and retires the old
 * key at once (docs/oidc.md, Discovery): the next ID token names a key id the set Ferry
 * read before does not hold, and the person still lands in the portal, on Okta's org
 * authorization server and on a custom authorization server (whose keys are its own).
 * Each test has a sandbox org of its own, so no other test sees a rotated key.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class ProviderKeyRotationIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	Sandbox sandbox = Sandbox.get();

	@Test
	void afterTheOrgServerRetiresItsKeyTheOwnerStillSignsIn(Page page) {
		signInAcrossARotation(page, "", "/keys/rotate?retireOld=true");
	}

	@Test
	void afterACustomServerRetiresItsKeyTheOwnerStillSignsIn(Page page) {
		signInAcrossARotation(page, "/oauth2/default", "/authorization-servers/default/keys/rotate?retireOld=true");
	}

	private void signInAcrossARotation(Page page, String serverPath, String rotation) {
		String org = "rotation-" + UUID.randomUUID().toString().substring(0, 8);
		String login = "pat.lee@" + org + ".example";
		oktaOrg(org, login);
		Tenant tenant = tenants
			.create(new NewTenant(TestTenants.uniqueSlug("rotation"), "Rotation " + org, TenantKind.CUSTOMER, null,
					sandbox.oktaIssuer(org) + serverPath, "ferry-portal", "ferry-portal-secret-" + org, List.of()));
		sandbox.registerPortal(org, portal, tenant.slug());
		TenantContext.run(tenant.id(),
				() -> members.invite(login, Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));
		String keysPath = (serverPath.isEmpty() ? "/oauth2" : serverPath) + "/v1/keys";

		long beforeFirst = mark();
		SignInPages.signIn(page, portal, tenant.slug(), login);
		assertThat(page).hasURL(portal + "/t/" + tenant.slug() + "/");
		assertThat(keyFetches(org, keysPath, beforeFirst)).as("Ferry read the provider's keys").isPositive();
		List<String> oldKids = publishedKids(org, keysPath);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		assertThat(page).hasURL(portal + "/login?logout");

		// the keys are kept between sign-ins while the provider signs with a key Ferry
		// holds
		long beforeAgain = mark();
		SignInPages.signIn(page, portal, tenant.slug(), login);
		assertThat(page).hasURL(portal + "/t/" + tenant.slug() + "/");
		assertThat(keyFetches(org, keysPath, beforeAgain)).as("no read of keys Ferry holds").isZero();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		assertThat(page).hasURL(portal + "/login?logout");

		JsonNode rotated = JSON.readTree(sandbox.control("POST", "/sandbox/api/okta/" + org + rotation, null));
		String newKid = rotated.path("activeKid").asString();
		assertThat(oldKids).doesNotContain(newKid);
		assertThat(publishedKids(org, keysPath)).as("the key Ferry verified the first token with is gone")
			.containsExactly(newKid);

		long beforeSecond = mark();
		SignInPages.signIn(page, portal, tenant.slug(), login);
		assertThat(page).hasURL(portal + "/t/" + tenant.slug() + "/");
		assertThat(keyFetches(org, keysPath, beforeSecond))
			.as("the new kid's key can only have come from the keys endpoint, read again during this sign-in")
			.isPositive();
	}

	/**
	 * A sandbox Okta org with one person and a ferry-portal app (no redirect URIs yet).
	 */
	private void oktaOrg(String org, String login) {
		sandbox.control("POST", "/sandbox/api/okta/orgs", "{\"name\":\"" + org + "\"}");
		sandbox.control("POST", "/sandbox/api/okta/" + org + "/users",
				"{\"profile\":{\"login\":\"" + login + "\",\"email\":\"" + login
						+ "\",\"firstName\":\"Pat\",\"lastName\":\"Lee\"},\"credentials\":{\"password\":{\"value\":\""
						+ SignInPages.PASSWORD + "\"}}}");
		sandbox.control("POST", "/sandbox/api/okta/" + org + "/oidc-apps",
				"{\"clientId\":\"ferry-portal\",\"clientSecret\":\"ferry-portal-secret-" + org + "\"}");
	}

	private List<String> publishedKids(String org, String keysPath) {
		return JSON.readTree(sandbox.control("GET", "/okta/" + org + keysPath, null))
			.path("keys")
			.valueStream()
			.map(key -> key.path("kid").asString())
			.toList();
	}

	private long mark() {
		return JSON.readTree(sandbox.control("GET", "/sandbox/api/requests/mark", null)).path("sequence").asLong();
	}

	/** How often the org's keys endpoint was fetched since the mark. */
	private long keyFetches(String org, String keysPath, long mark) {
		return JSON.readTree(sandbox.control("GET", "/sandbox/api/okta/" + org + "/requests?after=" + mark, null))
			.valueStream()
			.filter(request -> "GET".equals(request.path("method").asString())
					&& request.path("path").asString().endsWith(keysPath))
			.count();
	}

}
