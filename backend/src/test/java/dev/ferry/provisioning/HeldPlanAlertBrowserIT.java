package dev.ferry.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.BrowserExtension;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.TestInbox;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert walk in Chromium: an organisation's owner signs in, opens Alerts from the
 * main navigation, saves an e-mail recipient; then its identity provider deactivates two
 * people over SCIM in quick succession, the safety threshold holds the second, and the
 * alert e-mail arrives at the SMTP server (GreenMail, {@link TestInbox}) naming the
 * organisation and linking to the held run's page, which the owner opens from the link
 * and finds waiting for approval. Screenshots of the settings page go to
 * {@code target/screenshots/}.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class HeldPlanAlertBrowserIT {

	static final Path SHOTS = Path.of("target", "screenshots");

	static final Duration CONVERGE = Duration.ofSeconds(60);

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

	@Autowired
	ScimTokens scimTokens;

	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	ProvisioningWorld world;

	String base;

	String token;

	@Test
	void aHeldMassDeactivationIsMailedWithTheLinkToItsRun(Page page) throws Exception {
		// an organisation whose people come by SCIM push, one deprovisioning per ten
		// minutes allowed
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
		world.as(() -> assertThat(connections.saveSource("scim", Map.of(), ProvisioningWorld.ADMIN)).isEmpty());
		world.configure(config -> new ProvisioningConfig(true, config.features(), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(), config.groupPush(), config.importSettings(),
				config.deprovisioning(), new ProvisioningConfig.Safety(1, 1), config.reconcileIntervalMinutes()));
		token = world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));
		base = scimTokens.baseUrl(world.tenant.slug());
		// its people sign in to Ferry with the sandbox's acme Okta, where the IT admin is
		jdbc.update("update tenant set okta_issuer = ? where id = ?", world.sandbox.oktaIssuer("acme"),
				world.tenant.id());
		world.as(() -> tenants.oidcClient("ferry-portal", "ferry-portal-secret-acme", ProvisioningWorld.ADMIN));
		world
			.as(() -> members.invite("it.admin@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));
		world.sandbox.registerPortal("acme", portal, world.tenant.slug());
		String recipient = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@" + world.org + ".example";

		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(world.tenant.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		page.getByLabel("Username").fill("it.admin@acme.example");
		page.getByLabel("Password").fill("Ferry-demo-1");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(page).hasURL(portal + "/t/" + world.tenant.slug() + "/");

		page.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Alerts")).click();
		assertThat(page).hasURL(portal + "/t/" + world.tenant.slug() + "/alerts");
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Alerts").setLevel(1)))
			.isVisible();
		assertThat(page.getByText("No alerts yet.")).isVisible();
		// a mistyped address is refused, kept in the field and marked
		page.getByLabel("E-mail recipients").fill(recipient + ", not-an-address");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save alert settings")).click();
		assertThat(page.locator(".flash-error")).containsText("not-an-address is not an e-mail address");
		assertThat(page.getByLabel("E-mail recipients")).hasAttribute("aria-invalid", "true");
		assertThat(page.getByLabel("E-mail recipients")).hasValue(recipient + ", not-an-address");
		assertThat(page.getByLabel("E-mail recipients")).isFocused();

		page.getByLabel("E-mail recipients").fill(recipient);
		assertThat(page.getByLabel("Plan held for approval")).isChecked();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save alert settings")).click();
		assertThat(page.locator(".flash-success")).containsText("Alert settings saved.");
		assertThat(page.getByLabel("E-mail recipients")).hasValue(recipient);
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("alerts-settings.png")).setFullPage(true));

		// the identity provider deactivates two people: the second is held
		String first = createUser("leaver1");
		String second = createUser("leaver2");
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 2);
		String deactivate = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
				+ "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";
		assertThat(send("PATCH", "/Users/" + first, deactivate).statusCode()).isEqualTo(200);
		await().atMost(CONVERGE)
			.until(() -> ProvisioningWorld.disabled(world.shareFileUser("leaver1@" + world.org + ".example")));
		assertThat(send("PATCH", "/Users/" + second, deactivate).statusCode()).isEqualTo(503);
		RunSummary held = world.as(() -> provisioning.latestRuns(20))
			.stream()
			.filter(summary -> summary.status() == RunStatus.HELD)
			.findFirst()
			.orElseThrow();

		// the e-mail: promptly, naming the organisation, linking to the run
		await().atMost(Duration.ofSeconds(30)).until(() -> TestInbox.get().mailTo(recipient).size() == 1);
		MimeMessage mail = TestInbox.get().mailTo(recipient).get(0);
		assertThat(TestInbox.subject(mail))
			.isEqualTo("[Ferry] " + world.tenant.displayName() + ": a plan is held for approval");
		String text = TestInbox.text(mail);
		assertThat(text).contains("held by the safety threshold");
		Matcher link = Pattern
			.compile("Resolve it here: (http://127\\.0\\.0\\.1:\\d+)(/t/" + world.tenant.slug() + "/provisioning/runs/"
					+ held.id().value() + ")\\b")
			.matcher(text);
		assertThat(link.find()).as(text).isTrue();

		// the link opens the held run (on this test's own node: every node shares the
		// database)
		page.navigate(portal + link.group(2));
		assertThat(page.locator("#held")).isVisible();
		assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve and apply")))
			.isVisible();

		// and the alert is listed, sent
		page.navigate(portal + "/t/" + world.tenant.slug() + "/alerts");
		Locator row = page.locator("tr[data-kind=HELD_PLAN]");
		assertThat(row).containsText("Plan held for approval");
		assertThat(row).containsText("Sent");
		assertThat(row.getByRole(AriaRole.LINK,
				new Locator.GetByRoleOptions().setName("Open: Plan held for approval, " + world.tenant.displayName())
					.setExact(true)))
			.hasAttribute("href", link.group(2));
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("alerts-settings-with-alert.png"))
			.setFullPage(true));
		page.setViewportSize(390, 844);
		// at phone width the page fits: the table of alerts scrolls inside it
		assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
			.isLessThanOrEqualTo(390);
		page.screenshot(
				new Page.ScreenshotOptions().setPath(SHOTS.resolve("alerts-settings-phone.png")).setFullPage(true));
	}

	private String createUser(String name) throws Exception {
		String email = name + "@" + world.org + ".example";
		HttpResponse<String> created = send("POST", "/Users", """
				{"userName":"%s","name":{"givenName":"%s","familyName":"Tester"},
				 "emails":[{"primary":true,"value":"%s","type":"work"}],"active":true}""".formatted(email, name,
				email));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode body = ProvisioningWorld.JSON.readTree(created.body());
		return body.path("id").asString();
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/scim+json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
