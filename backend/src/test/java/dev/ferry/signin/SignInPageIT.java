package dev.ferry.signin;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ferry.test.BrowserExtension;
import dev.ferry.test.FerryIntegrationTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A person who opens the portal in a real browser lands on a usable sign-in page. */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class SignInPageIT {

	@LocalServerPort
	int port;

	@Test
	void theOverviewSendsAStrangerToTheSignInPage(Page page) {
		page.navigate("http://127.0.0.1:" + port + "/");
		assertThat(page).hasURL("http://127.0.0.1:" + port + "/login");
		assertThat(page).hasTitle("Sign in · Ferry");
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to Ferry")))
			.isVisible();
		assertThat(page.getByLabel("Organisation or work e-mail")).isFocused();
		assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))).isEnabled();
		// the header shows the product, and nothing that needs a signed-in person
		assertThat(page.locator("header .brand")).hasText("Ferry");
		assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).hasCount(0);
	}

	@Test
	void theSignInPageLoadsItsAssetsUnderAStrictContentSecurityPolicy(Page page) {
		java.util.List<String> failures = new java.util.ArrayList<>();
		page.onConsoleMessage(message -> {
			if ("error".equals(message.type())) {
				failures.add(message.text());
			}
		});
		page.onRequestFailed(request -> failures.add(request.url()));
		Response response = page.navigate("http://127.0.0.1:" + port + "/login");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().get("content-security-policy")).contains("default-src 'self'");
		page.waitForFunction("() => window.htmx !== undefined");
		assertThat(page.locator("link[rel=stylesheet]")).hasAttribute("href", "/css/ferry.css");
		assertThat(failures).isEmpty();
	}

	@Test
	void theSignInPageFitsAPhone(Page page) {
		page.setViewportSize(375, 740);
		page.navigate("http://127.0.0.1:" + port + "/login");
		Object overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth");
		assertThat(overflow).isEqualTo(false);
		assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))).isVisible();
	}

}
