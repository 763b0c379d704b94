package dev.ferry.signin;

import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import dev.ferry.test.Sandbox;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The sign-in and sign-up pages as a person uses them, for the browser tests of every
 * provider; the sandbox's Okta sign-in form included.
 */
final class SignInPages {

	/** Every sandbox person's password. */
	static final String PASSWORD = "Ferry-demo-1";

	private SignInPages() {
	}

	/**
	 * Fills in and posts the form (on the sign-up page already).
	 * @param provider the preset's label as the page shows it, e.g. "Okta"
	 */
	static void signUp(Page page, String provider, String slug, String issuer, String clientId, String secret) {
		page.getByLabel(provider, new Page.GetByLabelOptions().setExact(true)).check();
		// the preset's part of the page is swapped in: wait for it before typing into it
		assertThat(page.locator("#provider-part h2")).hasText("In " + provider);
		page.getByLabel("Organisation name").fill("Signed up " + slug);
		page.getByLabel("Short name").fill(slug);
		page.getByLabel("Issuer", new Page.GetByLabelOptions().setExact(true)).fill(issuer);
		page.getByLabel("Client id").fill(clientId);
		page.getByLabel("Client secret").fill(secret);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check and continue to sign in")).click();
	}

	/** From Ferry's sign-in page, by short name, through the sandbox's Okta form. */
	static void signIn(Page page, String portal, String slug, String login) {
		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(slug);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		oktaSignIn(page, login);
	}

	/** The sandbox's Okta sign-in form, which the browser must be on. */
	static void oktaSignIn(Page page, String login) {
		// Playwright matches URL patterns with JavaScript regular expressions: no
		// \\Q...\\E quoting
		assertThat(page).hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:" + Sandbox.get().port() + "/okta/"));
		page.getByLabel("Username").fill(login);
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
	}

}
