package dev.ferry.connection;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
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
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.BrowserExtension;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.Sandbox;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An organisation's identity provider calls its SCIM endpoint for real (a good token, a
 * wrong one, a user that is not there), another organisation's provider calls its own,
 * and the admin sees on the Connections page, in Chromium, the last request and the last
 * day's errors of their organisation only; then opens each identity provider's setup
 * steps, finds the radio buttons beside their words at desktop and phone widths, and
 * replaces a stored ShareFile secret only after confirming. Screenshots go to
 * {@code target/screenshots/}.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class ScimConnectionsPageIT {

	static final String PASSWORD = "Ferry-demo-1";

	static final AuditEntry.Actor ADMIN = AuditEntry.Actor.member("00uadmin", "Test Admin");

	static final Path SHOTS = Path.of("target", "screenshots");

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	ScimTokens scimTokens;

	@Autowired
	ScimTraffic traffic;

	@Autowired
	JdbcTemplate jdbc;

	Sandbox sandbox = Sandbox.get();

	HttpClient http = HttpClient.newHttpClient();

	Tenant acme;

	String token;

	@BeforeEach
	void acmeWithScimPush() {
		acme = tenants.create(new NewTenant(TestTenants.uniqueSlug("acme"),
				"Acme " + UUID.randomUUID().toString().substring(0, 4), TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("acme"), "ferry-portal", "ferry-portal-secret-acme", List.of()));
		sandbox.registerPortal("acme", portal, acme.slug());
		token = TenantContext.call(acme.id(), () -> {
			members.invite("it.admin@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER);
			assertThat(connections.saveTarget("sharefile",
					Map.of("baseUrl", sandbox.shareFileBaseUrl("acme"), "clientId", "sandbox-client", "clientSecret",
							"sandbox-secret", "adminUsername", "sf.admin@acme.example", "adminPassword", PASSWORD),
					ADMIN))
				.isEmpty();
			assertThat(connections.saveSource("scim", Map.of(), ADMIN)).isEmpty();
			return scimTokens.generate("Okta production", ADMIN);
		});
	}

	@Test
	void theIdentityProvidersRequestsAndErrorsShowOnItsOrganisationsScimCardOnly(Page page) throws Exception {
		Tenant globex = TestTenants.create(tenants, members, "globex", TenantKind.CUSTOMER,
				sandbox.oktaIssuer("globex"), "owner@globex.example");
		String globexToken = TenantContext.call(globex.id(), () -> scimTokens.generate("Globex Entra", ADMIN));
		String base = scimTokens.baseUrl(acme.slug());
		String okta = "Okta SCIM Client 1.0.0";

		HttpResponse<String> found = scim("GET",
				base + "/Users?filter="
						+ URLEncoder.encode("userName eq \"grace.hopper@acme.example\"", StandardCharsets.UTF_8)
						+ "&startIndex=1&count=100",
				token, okta);
		assertThat(found.statusCode()).isEqualTo(200);
		// the answer passes through the recording untouched
		assertThat(found.body()).contains("urn:ietf:params:scim:api:messages:2.0:ListResponse");
		assertThat(scim("GET", base + "/Users", "not-a-token-of-acme", okta).statusCode()).isEqualTo(401);
		assertThat(scim("GET", base + "/Users/" + UUID.randomUUID(), token, okta).statusCode()).isEqualTo(404);
		// another organisation's identity provider, with its own token: never on acme's
		// page
		String globexBase = scimTokens.baseUrl(globex.slug());
		assertThat(scim("GET", globexBase + "/ServiceProviderConfig", globexToken, "Azure AD SCIM Client").statusCode())
			.isEqualTo(200);
		assertThat(scim("GET", globexBase + "/Users", "wrong", "Azure AD SCIM Client").statusCode()).isEqualTo(401);
		assertThat(scim("POST", globexBase + "/Users", globexToken, "Azure AD SCIM Client").statusCode())
			.isGreaterThanOrEqualTo(400);
		traffic.flush();

		// nothing that could name a person is kept: no filter value, no id
		String stored = TenantContext.call(acme.id(),
				() -> String.join(" ", jdbc.queryForList("select t::text from scim_traffic_latest t", String.class)));
		assertThat(stored).contains("/Users/{id}").doesNotContain("grace").doesNotContain("hopper");

		signIn(page);
		page.navigate(portal + "/t/" + acme.slug() + "/connections#scim");
		Locator card = page.locator("#scim-traffic");
		Locator last = card.locator(".scim-last");
		assertThat(last).containsText("Okta");
		assertThat(last).containsText("GET /Users/{id}");
		assertThat(last).containsText("404");
		assertThat(last).containsText("Okta production");
		assertThat(card.locator("[data-count=requests]")).hasText("3");
		assertThat(card.locator("[data-count=client-errors]")).hasText("2");
		assertThat(card.locator("[data-count=auth-failures]")).hasText("1");
		assertThat(card.locator("[data-count=server-errors]")).hasText("0");
		assertThat(card.locator("[data-count=error-rate]")).hasText("66.7 %");
		assertThat(card.locator(".scim-last-error")).containsText("Most recent error: 404");
		assertThat(card.locator(".scim-last-error")).containsText("GET /Users/{id}");
		assertThat(card.locator(".scim-last-error .scim-detail")).containsText("Ferry answered:");
		assertThat(card).not().containsText("Microsoft Entra ID");
		assertThat(page.locator("body")).not().containsText("Globex Entra");
		card.screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("connections-scim-traffic.png")));

		// a wrong token last: the page says authentication failed, with what to do
		assertThat(scim("GET", base + "/Users", "Bearer-of-another-org", "JumpCloud SCIM"))
			.extracting(HttpResponse::statusCode)
			.isEqualTo(401);
		traffic.flush();
		page.reload();
		assertThat(last).containsText("JumpCloud");
		assertThat(last).containsText("Authentication failed");
		assertThat(card.locator("[data-count=auth-failures]")).hasText("2");
		assertThat(card.locator("[data-count=error-rate]")).hasText("75.0 %");
		assertThat(card.locator(".scim-last-error")).containsText("Most recent error: 401");
		assertThat(card.locator(".scim-last-error")).containsText("the identity provider sent no token");
		assertThat(card.locator(".scim-last-error .scim-detail"))
			.containsText("The bearer token is not this organisation's SCIM token.");
	}

	@Test
	void theSetupStepsTheChoicesLayoutAndReplacingAStoredSecretOnlyOnConfirmation(Page page) {
		signIn(page);
		page.navigate(portal + "/t/" + acme.slug() + "/connections#scim");
		assertThat(page.locator("#scim-traffic")).containsText("Nothing has called this SCIM endpoint yet");
		String base = scimTokens.baseUrl(acme.slug());
		for (String idp : List.of("Okta", "Microsoft Entra ID", "OneLogin", "JumpCloud")) {
			Locator details = page.locator("details.setup-idp",
					new Page.LocatorOptions().setHas(page.getByText(idp, new Page.GetByTextOptions().setExact(true))));
			Locator steps = details.locator("ol.setup-steps");
			assertThat(steps).not().isVisible();
			details.locator("summary").click();
			assertThat(steps).isVisible();
			assertThat(steps).containsText(base);
		}
		assertThat(page.locator("#setup-entra")).containsText("aadOptscim062020");
		assertThat(page.locator("#setup-jumpcloud")).containsText("creates a test user and a test group");
		assertThat(page.locator("#setup-okta")).containsText("Unique identifier field for users: userName");
		page.locator("#scim")
			.screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("connections-scim-setup.png")));

		// the Okta source's form (another kind than the stored one): each choice beside
		// its
		// words, at desktop and phone widths
		for (int width : List.of(1280, 390)) {
			page.setViewportSize(width, 900);
			page.navigate(portal + "/t/" + acme.slug() + "/connections/source/okta");
			Locator choice = page.locator("#source fieldset.choice");
			for (String words : List.of("API token (SSWS)",
					"OAuth service app (recommended): Ferry generates a key pair")) {
				BoundingBox radio = choice.getByLabel(words).boundingBox();
				BoundingBox text = choice.locator("label", new Locator.LocatorOptions().setHasText(words))
					.locator("span")
					.boundingBox();
				assertThat(text.x - (radio.x + radio.width)).as("%s beside its radio at %d px", words, width)
					.isBetween(0.0, 16.0);
				// on its first line, even when the words wrap
				assertThat(Math.abs((radio.y + radio.height / 2) - (text.y + 12))).as("%s at %d px", words, width)
					.isLessThan(8.0);
			}
			choice.screenshot(new Locator.ScreenshotOptions()
				.setPath(SHOTS.resolve("connections-okta-choice-" + width + ".png")));
		}
		page.setViewportSize(1280, 900);

		// a new ShareFile secret over the stored one waits for confirmation
		page.navigate(portal + "/t/" + acme.slug() + "/connections");
		Locator target = page.locator("#target");
		target.getByLabel("OAuth client secret").fill("replaced-secret-1");
		target.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save").setExact(true)).click();
		Locator confirm = page.locator("#target-replace");
		assertThat(confirm).isVisible();
		assertThat(confirm).containsText("Replace the stored secrets of the ShareFile connection?");
		assertThat(confirm.locator("li")).hasText("OAuth client secret");
		assertThat(page.content()).doesNotContain("replaced-secret-1");
		confirm.screenshot(new Locator.ScreenshotOptions().setPath(SHOTS.resolve("connections-replace-confirm.png")));
		confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Keep the stored ones")).click();
		assertThat(page.locator(".flash-success")).containsText("Nothing was changed");
		assertThat(page.locator("#target-replace")).hasCount(0);
		assertThat(storedClientSecret()).isEqualTo("sandbox-secret");

		target.getByLabel("OAuth client secret").fill("replaced-secret-1");
		target.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save").setExact(true)).click();
		page.locator("#target-replace")
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Replace the stored secrets"))
			.click();
		assertThat(page.locator(".flash-success")).containsText("ShareFile connection saved");
		assertThat(storedClientSecret()).isEqualTo("replaced-secret-1");

		// a SCIM token generated beside a live one adds a token, it replaces none
		page.getByLabel("Token name").fill("Entra ID");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate another token")).click();
		assertThat(page.locator("table.scim-tokens tbody tr")).hasCount(2);
		assertThat(page.locator("#scim .badge").first()).hasText("2 live tokens");
		assertThat(scimTokens.baseUrl(acme.slug())).isEqualTo(base);
		assertThat(scim("GET", base + "/Users", token, "Okta SCIM Client 1.0.0").statusCode()).isEqualTo(200);
	}

	private String storedClientSecret() {
		return TenantContext.call(acme.id(), () -> connections.targetSettings().orElseThrow().get("clientSecret"));
	}

	private void signIn(Page page) {
		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(acme.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		assertThat(page).hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:" + sandbox.port() + "/okta/"));
		page.getByLabel("Username").fill("it.admin@acme.example");
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(page).hasURL(portal + "/t/" + acme.slug() + "/");
	}

	private HttpResponse<String> scim(String method, String url, String bearer, String userAgent) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + bearer)
				.header("User-Agent", userAgent)
				.header("Accept", "application/scim+json");
			request = "POST".equals(method)
					? request.header("Content-Type", "application/scim+json")
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}"))
					: request.method(method, HttpRequest.BodyPublishers.noBody());
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
