package dev.ferry.portal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.audit.Diff;
import dev.ferry.audit.OfflineVerifier;
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
import dev.ferry.test.TestServices;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An auditor's walk in Chromium: filters the audit log (the URL keeps the filters, the
 * results are swapped in and focused), pages to older events and back, opens an event's
 * raw JSON, reads it at phone width, exports the view and verifies the zip with the
 * offline verifier in a process of its own; then somebody with the database owner's
 * rights changes one event, and the next export's offline check names that event.
 * Screenshots go to {@code target/screenshots/}.
 */
@FerryIntegrationTest
@ExtendWith(BrowserExtension.class)
class AuditLogBrowserIT {

	static final String PASSWORD = "Ferry-demo-1";

	static final Path SHOTS = Path.of("target", "screenshots");

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	AuditLog log;

	Sandbox sandbox = Sandbox.get();

	Tenant acme;

	@BeforeEach
	void acmeWithAHistory() {
		acme = tenants.create(new NewTenant(TestTenants.uniqueSlug("acme"),
				"Acme " + UUID.randomUUID().toString().substring(0, 4), TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("acme"), "ferry-portal", "ferry-portal-secret-acme", List.of()));
		sandbox.registerPortal("acme", portal, acme.slug());
		TenantContext.run(acme.id(),
				() -> members.invite("it.admin@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));
		List<AuditEntry> history = new ArrayList<>();
		for (int i = 1; i <= 130; i++) {
			history.add(new AuditEntry(acme.id(), AuditEntry.Actor.system(), "provisioning.update_account", "account",
					"acct-" + i, i % 20 == 0 ? AuditEntry.Outcome.FAILURE : AuditEntry.Outcome.SUCCESS,
					Map.of("label", "person" + i + "@acme.example", "changes",
							Map.of("department", Diff.value("Sales", "Research " + i)))));
		}
		TenantContext.run(acme.id(), () -> log.recordAll(history));
	}

	@Test
	void filterPageOpenExportVerifyThenATamperedRowIsReportedOffline(Page page) throws Exception {
		Files.createDirectories(SHOTS);
		signIn(page);
		page.locator(".mainnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Audit log")).click();
		String audit = portal + "/t/" + acme.slug() + "/audit";
		assertThat(page).hasURL(audit);
		assertThat(page.locator(".audit-entry")).hasCount(50);

		// filter: failures of account updates, applied without a full reload
		page.evaluate("window.auditPageMarker = 'still here'");
		page.getByLabel("Action").fill("provisioning.update");
		page.getByLabel("Outcome").selectOption("FAILURE");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show events")).click();
		assertThat(page).hasURL(Pattern.compile("outcome=FAILURE"));
		assertThat(page.locator(".audit-entry")).hasCount(6);
		assertThat(page.locator("#audit-results-heading")).isFocused();
		assertThat(page.locator("#audit-results-heading")).hasText("Matching events, newest first");
		assertThat(page.evaluate("window.auditPageMarker")).isEqualTo("still here");
		assertThat(page.locator(".audit-entry").first()).containsText("Updated a ShareFile account");
		assertThat(page.locator(".audit-entry").first()).containsText("acct-120");
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("audit-filtered.png")).setFullPage(true));

		// the URL is a bookmark: opened anew, the same view
		String bookmark = page.url();
		page.navigate(bookmark);
		assertThat(page.locator(".audit-entry")).hasCount(6);
		assertThat(page.getByLabel("Outcome")).hasValue("FAILURE");

		// pages: older, then newer again, by keyset, with focus on the results
		page.navigate(audit);
		String newest = page.locator(".audit-entry").first().getAttribute("data-seq");
		page.locator("nav.pager")
			.first()
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Older events"))
			.click();
		assertThat(page).hasURL(Pattern.compile("before=\\d+"));
		assertThat(page.locator("#audit-results-heading")).isFocused();
		String olderFirst = page.locator(".audit-entry").first().getAttribute("data-seq");
		assertThat(Long.parseLong(olderFirst)).isEqualTo(Long.parseLong(newest) - 50);
		page.locator("nav.pager")
			.first()
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Newer events"))
			.click();
		assertThat(page).hasURL(Pattern.compile("after=\\d+"));
		assertThat(page.locator(".audit-entry").first()).hasAttribute("data-seq", newest);

		// an event for people, and its raw JSON one click away
		Locator first = page
			.locator(".audit-entry", new Page.LocatorOptions().setHasText("Updated a ShareFile account"))
			.first();
		assertThat(first.locator(".audit-changes")).containsText("department");
		assertThat(first.locator(".audit-before")).hasText("Sales");
		assertThat(first.locator(".audit-raw pre")).not().isVisible();
		first.getByText("Raw JSON").click();
		assertThat(first.locator(".audit-raw pre")).isVisible();
		assertThat(first.locator(".audit-raw pre")).containsText("\"department\"");
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("audit-log.png")).setFullPage(false));
		page.setViewportSize(390, 844);
		assertThat(first.locator(".audit-before")).isVisible();
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("audit-log-phone.png")).setFullPage(false));
		// nothing wider than the phone's screen
		assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
			.isLessThanOrEqualTo(390);
		page.setViewportSize(1280, 900);

		// export the whole log (no filter), verify it without Ferry
		Path clean = export(page, "Export NDJSON", "clean.zip");
		OfflineVerifier.Verdict verdict = OfflineVerifier.run(clean);
		assertThat(verdict.output()).contains("VERIFIED").contains("1 contiguous segment");
		assertThat(verdict.exitCode()).isZero();

		// a filtered view exports its own rows: gaps, each segment checked
		page.navigate(audit + "?outcome=FAILURE");
		Path failures = export(page, "Export CSV", "failures.zip");
		OfflineVerifier.Verdict filtered = OfflineVerifier.run(failures);
		assertThat(filtered.output()).contains("VERIFIED").contains("6 rows").contains("6 contiguous segments");

		// somebody with the owner's rights changes one event in the database
		long changed = Long.parseLong(newest) - 3;
		try (Connection owner = TestServices.get().ownerConnection();
				PreparedStatement update = owner.prepareStatement("update audit_event set details = jsonb_set(details, "
						+ "'{label}', '\"mallory@evil.example\"') where tenant_id = ? and chain_seq = ?")) {
			update.setObject(1, acme.id());
			update.setLong(2, changed);
			assertThat(update.executeUpdate()).isEqualTo(1);
		}
		page.navigate(audit);
		Path tampered = export(page, "Export CSV", "tampered.zip");
		OfflineVerifier.Verdict caught = OfflineVerifier.run(tampered);
		assertThat(caught.exitCode()).isEqualTo(1);
		assertThat(caught.output()).contains("FAILED")
			.contains("the first bad row is line " + (changed + 1) + ", event " + changed)
			.contains("its hash does not match its content");
		Files.writeString(SHOTS.resolve("audit-offline-verdicts.txt"),
				verdict.output() + "\n" + filtered.output() + "\n" + caught.output());
	}

	private Path export(Page page, String link, String name) throws Exception {
		Download download = page.waitForDownload(
				() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(link).setExact(true)).click());
		Path zip = Path.of("target", "audit-exports", name);
		Files.createDirectories(zip.getParent());
		download.saveAs(zip);
		assertThat(download.suggestedFilename()).startsWith("ferry-audit-" + acme.slug() + "-").endsWith("Z.zip");
		return zip;
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

}
