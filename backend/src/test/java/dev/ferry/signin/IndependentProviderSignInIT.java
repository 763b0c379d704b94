package dev.ferry.signin;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
import dev.ferry.test.IndependentProvider;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Sign-in works with an OpenID Provider that was not written here and whose paths are not
 * Okta's: NAV's mock-oauth2-server ({@code /{issuer}/authorize}, {@code /token},
 * {@code /jwks}, {@code /endsession}), in the test JVM ({@link IndependentProvider}).
 * Ferry learns every endpoint from its discovery document.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class IndependentProviderSignInIT {

	static final IndependentProvider provider = IndependentProvider.get();

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	Tenant initech;

	@BeforeEach
	void organisation() {
		String slug = TestTenants.uniqueSlug("initech");
		initech = tenants.create(new NewTenant(slug, "Initech " + UUID.randomUUID().toString().substring(0, 4),
				TenantKind.CUSTOMER, null, provider.issuer(slug), "initech-portal", "initech-secret", List.of()));
		TenantContext.run(initech.id(),
				() -> members.invite("peter@initech.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));
	}

	@Test
	void aMemberSignsInEveryPageOpensAndSigningOutEndsTheProviderSession(Page page) {
		signIn(page, "peter@initech.example");
		assertThat(page).hasURL(portal + "/t/" + initech.slug() + "/");
		assertThat(page.locator(".whoami-org")).hasText(initech.displayName());
		for (String path : List.of("/", "/members", "/connections", "/audit", "/provisioning")) {
			var response = page.navigate(portal + "/t/" + initech.slug() + path);
			org.assertj.core.api.Assertions.assertThat(response.status()).as(path).isEqualTo(200);
		}

		page.navigate(portal + "/t/" + initech.slug() + "/");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
		// through the provider's end_session_endpoint (from discovery) and back
		assertThat(page).hasURL(portal + "/login?logout");
		org.assertj.core.api.Assertions.assertThat(pathsRequested()).anyMatch(path -> path.contains("/endsession"));
	}

	/** What the provider was asked since the last call, oldest first. */
	private static List<String> pathsRequested() {
		List<String> paths = new ArrayList<>();
		while (true) {
			try {
				paths.add(provider.server().takeRequest(100, TimeUnit.MILLISECONDS).getPath());
			}
			catch (RuntimeException empty) {
				// the mock says "no request within the timeout" by throwing
				return paths;
			}
		}
	}

	@Test
	void aNewOrganisationSignsUpWithTheProviderAndItsFirstPersonBecomesOwner(Page page) {
		String slug = TestTenants.uniqueSlug("hooli");
		page.navigate(portal + "/signup");
		SignInPages.signUp(page, "Another OpenID Connect provider", slug, provider.issuer(slug), "hooli-portal",
				"hooli-secret");
		providerSignIn(page, slug, "gavin@hooli.example");
		assertThat(page).hasURL(portal + "/t/" + slug + "/");
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Members").setExact(true)).click();
		assertThat(page.locator("tr[data-login='gavin@hooli.example']")).containsText("Owner");
	}

	@Test
	void aPersonWhoIsNotAMemberIsToldSo(Page page) {
		signIn(page, "milton@initech.example");
		assertThat(page).hasURL(Pattern.compile(".*/login\\?error"));
		assertThat(page.locator(".flash-error")).containsText("is not a member of " + initech.displayName());
	}

	private void signIn(Page page, String email) {
		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(initech.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		providerSignIn(page, initech.slug(), email);
	}

	/**
	 * mock-oauth2-server's own login form: any user name, the ID token's claims as JSON.
	 */
	private static void providerSignIn(Page page, String issuerName, String email) {
		assertThat(page)
			.hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:" + provider.port() + "/" + issuerName + "/authorize"));
		page.locator("input[name=username]").fill(UUID.randomUUID().toString());
		page.locator("textarea[name=claims]")
			.fill("{\"email\":\"" + email + "\",\"email_verified\":true,\"preferred_username\":\"" + email
					+ "\",\"name\":\"" + email + "\"}");
		page.locator("input[type=submit]").click();
	}

}
