package dev.ferry.audit;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit page's queries on real PostgreSQL: every filter, alone and combined, pages
 * forward and backward that meet, another organisation's events never in a page, a list
 * of actions or an export however its filters are written; scheduled exports that link to
 * one another, kept to the number asked, and verified offline.
 */
@FerryIntegrationTest
class AuditLogPagesIT {

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	AuditLog log;

	@Autowired
	AuditQuery query;

	@Autowired
	AuditExport export;

	@Autowired
	AuditExports exports;

	@Autowired
	JdbcTemplate jdbc;

	@TempDir
	Path dir;

	Tenant acme;

	Tenant globex;

	@BeforeEach
	void twoOrganisations() {
		acme = TestTenants.create(tenants, members, "pages-acme", TenantKind.CUSTOMER, "https://acme.okta.com",
				"owner@acme.example");
		globex = TestTenants.create(tenants, members, "pages-globex", TenantKind.CUSTOMER, "https://globex.okta.com",
				"owner@globex.example");
		// 120 events in acme: every tenth a failure, people by label, a few words in
		// the details
		List<AuditEntry> entries = new ArrayList<>();
		for (int i = 1; i <= 120; i++) {
			entries.add(new AuditEntry(acme.id(), new AuditEntry.Actor("MEMBER", "sub-" + (i % 3), "Member " + (i % 3)),
					i % 2 == 0 ? "provisioning.update_account" : "signin.success", "account", "acct-" + i,
					i % 10 == 0 ? AuditEntry.Outcome.FAILURE : AuditEntry.Outcome.SUCCESS,
					Map.of("label", "person" + i + "@acme.example", "changes",
							Map.of("department", Diff.value("Dept " + i, "Needle " + i)))));
		}
		TenantContext.run(acme.id(), () -> log.recordAll(entries));
		// globex has events that would match every acme filter
		List<AuditEntry> theirs = new ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			theirs.add(new AuditEntry(globex.id(), new AuditEntry.Actor("MEMBER", "sub-1", "Member 1"),
					"provisioning.update_account", "account", "acct-" + i, AuditEntry.Outcome.FAILURE,
					Map.of("label", "person" + i + "@acme.example", "changes",
							Map.of("department", Diff.value("Dept " + i, "Needle " + i)))));
		}
		TenantContext.run(globex.id(), () -> log.recordAll(theirs));
	}

	@Test
	void everyFilterAloneAndCombinedKeepsToTheOrganisation() {
		TenantContext.run(acme.id(), () -> {
			assertThat(matching(filter(null, null, "FAILURE", null, null))).hasSize(12)
				.allMatch(e -> "FAILURE".equals(e.outcome()));
			// no globex row, whatever the filter
			assertThat(matching(AuditFilter.NONE)).allMatch(e -> acme.id().equals(e.tenantId()));
			assertThat(matching(filter("Member 1", null, null, null, null))).hasSize(40);
			assertThat(matching(filter("sub-2", null, null, null, null))).hasSize(40);
			assertThat(matching(filter(null, "provisioning.upd", null, null, null))).hasSize(60);
			assertThat(matching(filter(null, null, null, "PERSON7@acme.example", null)))
				.extracting(AuditRecord::targetId)
				.containsExactly("acct-7");
			assertThat(matching(filter(null, null, null, "acct-8", null))).hasSize(1);
			assertThat(matching(filter(null, null, null, null, "needle 42"))).extracting(AuditRecord::targetId)
				.containsExactly("acct-42");
			// combined: Member 0's failures updating accounts (i = 30, 60, 90, 120)
			assertThat(matching(filter("Member 0", "provisioning.update", "FAILURE", null, "needle")))
				.extracting(AuditRecord::targetId)
				.containsExactly("acct-120", "acct-90", "acct-60", "acct-30");
			// a percent sign or underscore is a character, not a wildcard
			assertThat(matching(filter(null, "provisioning_update", null, null, null))).isEmpty();
			assertThat(matching(filter(null, null, null, null, "%"))).isEmpty();
			assertThat(query.actions()).contains("provisioning.update_account", "signin.success")
				.doesNotHaveDuplicates();
		});
		TenantContext.run(globex.id(), () -> {
			assertThat(matching(filter(null, null, null, "person42@acme.example", null))).isEmpty();
			assertThat(matching(filter(null, null, null, null, "needle 4"))).hasSize(1);
		});
	}

	@Test
	void freeTextFindsTheSameThroughTheIndexAsByWalkingTheLog() {
		// a cap of 1 makes every text "common": each event read is tested, newest first
		AuditQuery walking = new AuditQuery(jdbc, 1);
		TenantContext.run(acme.id(), () -> {
			for (String text : List.of("needle 42", "needle", "member 0", "person7@", "nowhere", "%")) {
				AuditFilter byText = filter(null, null, null, null, text);
				List<Long> indexed = new ArrayList<>();
				List<Long> walked = new ArrayList<>();
				query.stream(byText, e -> indexed.add(e.chainSeq()));
				walking.stream(byText, e -> walked.add(e.chainSeq()));
				assertThat(indexed).as(text).isEqualTo(walked);
				assertThat(query.page(byText, null, null, 50).events())
					.isEqualTo(walking.page(byText, null, null, 50).events());
			}
			assertThat(walking.page(filter(null, null, null, null, "needle 42"), null, null, 50).events())
				.extracting(AuditRecord::targetId)
				.containsExactly("acct-42");
		});
		// the function answers for the current organisation only, and for nobody without
		// one
		TenantContext.run(globex.id(),
				() -> assertThat(matching(filter(null, null, null, null, "needle 42"))).isEmpty());
		assertThat(jdbc.queryForObject("select cardinality(ferry_audit_search('%needle%', 100))", Integer.class))
			.isZero();
	}

	@Test
	void pagesGoBackAndForthAndMeet() {
		TenantContext.run(acme.id(), () -> {
			AuditFilter failures = filter(null, null, null, null, "needle");
			AuditQuery.Page first = query.page(failures, null, null, 50);
			assertThat(first.events()).hasSize(50);
			assertThat(first.newer()).isNull();
			assertThat(first.older()).isNotNull();
			AuditQuery.Page second = query.page(failures, first.older(), null, 50);
			AuditQuery.Page third = query.page(failures, second.older(), null, 50);
			assertThat(third.events()).hasSize(20);
			assertThat(third.older()).isNull();
			List<Long> all = new ArrayList<>();
			List.of(first, second, third).forEach(page -> page.events().forEach(e -> all.add(e.chainSeq())));
			assertThat(all).doesNotHaveDuplicates().hasSize(120).isSortedAccordingTo((a, b) -> Long.compare(b, a));
			// and back: the newer page of the third is the second, of the second the
			// first
			assertThat(third.newer()).isNotNull();
			AuditQuery.Page back = query.page(failures, null, third.newer(), 50);
			assertThat(back.events()).isEqualTo(second.events());
			AuditQuery.Page top = query.page(failures, null, back.newer(), 50);
			assertThat(top.events()).isEqualTo(first.events());
			assertThat(top.newer()).isNull();
			// a cursor of another organisation's event, or of none, is the newest page
			long theirs = TenantContext.call(globex.id(), () -> query.chainEnd());
			assertThat(query.page(failures, null, theirs + 10_000, 50).events()).isEqualTo(first.events());
		});
	}

	@Test
	void scheduledExportsLinkToEachOtherKeepTheLastAndVerifyOffline() throws Exception {
		AuditExports.Schedule daily = new AuditExports.Schedule("DAILY", "csv", 2);
		AuditExports.Stored one = TenantContext.call(acme.id(), () -> exports.exportNow(acme.slug(), daily))
			.orElseThrow();
		TenantContext.run(acme.id(), () -> log.recordAll(List.of(new AuditEntry(acme.id(), AuditEntry.Actor.system(),
				"probe", null, null, AuditEntry.Outcome.SUCCESS, Map.of()))));
		AuditExports.Stored two = TenantContext.call(acme.id(), () -> exports.exportNow(acme.slug(), daily))
			.orElseThrow();
		assertThat(one.firstSeq()).isEqualTo(1);
		// the second starts right after the first (its own audit event and the probe)
		assertThat(two.firstSeq()).isEqualTo(one.lastSeq() + 1);
		assertThat(two.rowCount()).isEqualTo(2);
		AuditExports.Stored three = TenantContext.call(acme.id(), () -> exports.exportNow(acme.slug(), daily))
			.orElseThrow();
		List<AuditExports.Stored> kept = TenantContext.call(acme.id(), () -> exports.list());
		assertThat(kept).extracting(AuditExports.Stored::id).containsExactly(three.id(), two.id());
		// globex sees none of them, nor can fetch one by its id
		assertThat(TenantContext.call(globex.id(), () -> exports.list())).isEmpty();
		assertThat(TenantContext.call(globex.id(), () -> exports.find(three.id()))).isEmpty();

		for (AuditExports.Stored stored : kept) {
			Path zip = dir.resolve(stored.filename());
			try (OutputStream out = Files.newOutputStream(zip)) {
				TenantContext.run(acme.id(), () -> exports.copy(stored.id(), out));
			}
			OfflineVerifier.Verdict verdict = OfflineVerifier.run(zip);
			assertThat(verdict.output()).contains("VERIFIED").contains("1 contiguous segment");
			assertThat(verdict.exitCode()).isZero();
		}
	}

	@Test
	void aScheduleMakesOneExportAPeriodAndItsChangeIsAudited() {
		AuditEntry.Actor admin = AuditEntry.Actor.member("00uadmin", "Ada Admin");
		TenantContext.run(acme.id(), () -> {
			// off: nothing is exported
			exports.exportIfDue(acme.slug());
			assertThat(exports.list()).isEmpty();
			assertThatRefused(() -> exports.setSchedule(new AuditExports.Schedule("HOURLY", "csv", 3), admin),
					"audit.flash.scheduleFrequency");
			assertThatRefused(() -> exports.setSchedule(new AuditExports.Schedule("DAILY", "xlsx", 3), admin),
					"audit.flash.exportFormat");
			assertThatRefused(() -> exports.setSchedule(new AuditExports.Schedule("DAILY", "csv", 0), admin),
					"audit.flash.scheduleKeep");
			exports.setSchedule(new AuditExports.Schedule("weekly", "CSV", 3), admin);
			assertThat(exports.schedule()).isEqualTo(new AuditExports.Schedule("WEEKLY", "csv", 3));
			exports.exportIfDue(acme.slug());
			exports.exportIfDue(acme.slug());
			assertThat(exports.list()).hasSize(1).first().satisfies(stored -> {
				assertThat(stored.format()).isEqualTo("csv");
				assertThat(stored.firstSeq()).isEqualTo(1);
			});
			List<AuditRecord> changes = new ArrayList<>();
			query.stream(filter(null, "audit.export_schedule_changed", null, null, null), changes::add);
			assertThat(changes).hasSize(1);
			assertThat(changes.get(0).actorName()).isEqualTo("Ada Admin");
			assertThat(changes.get(0).details())
				.contains("\"frequency\": {\"after\": \"WEEKLY\", \"before\": \"OFF\"}");
		});
		// globex has no schedule, and sees none of acme's
		TenantContext.run(globex.id(), () -> {
			assertThat(exports.schedule()).isEqualTo(AuditExports.DEFAULT);
			exports.exportIfDue(globex.slug());
			assertThat(exports.list()).isEmpty();
		});
	}

	private static void assertThatRefused(Runnable action, String key) {
		org.assertj.core.api.Assertions.assertThatThrownBy(action::run)
			.isInstanceOf(dev.ferry.system.Refusal.class)
			.hasMessage(key);
	}

	private List<AuditRecord> matching(AuditFilter filter) {
		List<AuditRecord> rows = new ArrayList<>();
		query.stream(filter, rows::add);
		List<AuditRecord> page = query.page(filter, null, null, 500).events();
		// the page shows what the export takes, newest first
		assertThat(page).containsExactlyElementsOf(rows.reversed());
		return page;
	}

	private static AuditFilter filter(String actor, String action, String outcome, String target, String text) {
		return new AuditFilter(null, null, actor, action, outcome, target, text, null, null);
	}

}
