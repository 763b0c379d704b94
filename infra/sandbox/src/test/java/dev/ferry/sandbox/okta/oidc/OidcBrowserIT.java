package dev.ferry.sandbox.okta.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ferry.oidcclient.OidcTestClientApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser signs in to a real Spring Security OAuth2 client app through the
 * sandbox's Okta sign-in form: discovery by issuer-uri, authorize with PKCE, the form,
 * the code, the token with client_secret_basic, ID token validation against the JWKS,
 * userinfo.
 */
class OidcBrowserIT extends OidcITSupport {

	static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--disable-quic");

	static Playwright playwright;

	static Browser chromium;

	static ConfigurableApplicationContext client;

	static String clientUrl;

	BrowserContext context;

	Page page;

	@BeforeEach
	void startClientAndBrowser() {
		if (client == null) {
			client = OidcTestClientApplication.start(ORG, orgUrl(), SECRET);
			int clientPort = ((WebServerApplicationContext) client).getWebServer().getPort();
			clientUrl = "http://127.0.0.1:" + clientPort;
		}
		if (playwright == null) {
			playwright = Playwright.create();
			chromium = playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium"))
					.setHeadless(true)
					.setArgs(CHROMIUM_ARGS));
		}
		HttpResponse<String> registered = post(base() + "/sandbox/api/okta/acme/oidc-apps/ferry-portal/redirect-uris",
				"{\"uri\":\"" + clientUrl + "/login/oauth2/code/" + ORG + "\"}");
		assertThat(registered.statusCode()).isEqualTo(200);
		context = chromium.newContext();
		context.setDefaultTimeout(15_000);
		page = context.newPage();
	}

	@AfterEach
	void closeContext(TestInfo test) throws Exception {
		if (page != null && !page.isClosed()) {
			Path dir = Path.of("target", "playwright", "OidcBrowserIT-" + test.getTestMethod().orElseThrow().getName());
			Files.createDirectories(dir);
			page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("last.png")).setFullPage(true));
		}
		if (context != null) {
			context.close();
		}
	}

	@AfterAll
	static void stopAll() {
		if (chromium != null) {
			chromium.close();
			playwright.close();
			chromium = null;
			playwright = null;
		}
		if (client != null) {
			client.close();
			client = null;
		}
	}

	@Test
	void signsInThroughTheSandboxFormAndLandsBackOnTheClient() {
		page.navigate(clientUrl + "/");

		assertThat(page.url()).startsWith(orgUrl() + "/oauth2/v1/authorize?");
		assertThat(page.url()).contains("code_challenge_method=S256").contains("client_id=ferry-portal");
		assertThat(page.locator("#okta-sign-in").textContent()).contains("acme").contains("Sign In");
		page.locator("#okta-signin-username").fill(ADMIN);
		page.locator("#okta-signin-password").fill(PASSWORD);
		page.locator("#okta-signin-submit").click();

		page.waitForURL(clientUrl + "/**");
		assertThat(page.locator("#name").textContent()).isEqualTo("Ida Admin");
		assertThat(page.locator("#username").textContent()).isEqualTo(ADMIN);
		assertThat(page.locator("#subject").textContent()).startsWith("00u");
		assertThat(page.locator("#groups li").allTextContents()).containsExactly("Everyone");
	}

	@Test
	void showsGroupsOfAPersonInSeveralGroups() {
		page.navigate(clientUrl + "/");
		page.locator("#okta-signin-username").fill("ada.stone@acme.example");
		page.locator("#okta-signin-password").fill(PASSWORD);
		page.locator("#okta-signin-submit").click();

		page.waitForURL(clientUrl + "/**");
		assertThat(page.locator("#name").textContent()).isEqualTo("Ada Stone");
		assertThat(page.locator("#groups li").allTextContents()).containsExactly("Everyone", "Sales");
	}

	@Test
	void aWrongPasswordShowsTheFormsError() {
		page.navigate(clientUrl + "/");
		page.locator("#okta-signin-username").fill(ADMIN);
		page.locator("#okta-signin-password").fill("not-the-password");
		page.locator("#okta-signin-submit").click();

		assertThat(page.locator("#sign-in-error").textContent()).contains("Unable to sign in");
		assertThat(page.url()).startsWith(orgUrl());
		assertThat(page.locator("#okta-signin-username").inputValue()).isEqualTo(ADMIN);
	}

}
