package dev.ferry.portal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.audit.AuditExport;
import dev.ferry.audit.AuditExports;
import dev.ferry.audit.AuditFilter;
import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.AuditRecord;
import dev.ferry.audit.Happened;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Role;
import dev.ferry.test.PortalSlice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The audit log page's decisions, without a database: every role reads, checks and
 * exports it; the filters and cursors reach the query as typed, in the member's
 * organisation; an htmx request gets the results alone (and no chain check); the pages
 * next to this one keep the filters; a cursor or a time that cannot be read is refused
 * before anything is read; the export is a zip of the same view, named after the
 * organisation, and audited; only those who manage settings change the schedule; another
 * organisation's log is not there at all.
 */
@PortalSlice(AuditController.class)
@RecordApplicationEvents
class AuditControllerTest {

	private static final String PAGE = "/t/acme/audit";

	private static final Instant AT = Instant.parse("2026-03-14T09:26:53Z");

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	AuditQuery audit;

	@MockitoBean
	AuditExport export;

	@MockitoBean
	AuditExports exports;

	@Autowired
	ApplicationEvents events;

	SignedIn auditor;

	/**
	 * The organisation each query ran in, as the data source would have told PostgreSQL.
	 */
	final List<UUID> queriedIn = new ArrayList<>();

	@BeforeEach
	void acme() {
		auditor = SignedIn.as(Role.AUDITOR, "acme", seats);
		given(audit.verify()).willReturn(new AuditQuery.ChainCheck(-1, 120, null, 3));
		given(audit.page(any(AuditFilter.class), any(), any(), anyInt())).willAnswer(invocation -> {
			queriedIn.add(TenantContext.current().orElse(null));
			return new AuditQuery.Page(List.of(), null, null);
		});
		given(exports.schedule()).willReturn(AuditExports.DEFAULT);
		given(export.filename(eq("acme"), any())).willReturn("ferry-audit-acme-20260314-092653Z.zip");
	}

	@Test
	void everyRoleReadsChecksAndExportsTheLog() throws Exception {
		given(audit.verifyAll()).willReturn(new AuditQuery.ChainCheck(-1, 120, AT, 120));
		manifest();
		// auditors exist to take the log away: every role holds EXPORT_AUDIT
		for (Role role : Role.values()) {
			SignedIn member = SignedIn.as(role, "acme", seats);
			mvc.perform(get(PAGE).with(member))
				.andExpect(status().isOk())
				.andExpect(view().name("audit/list"))
				.andExpect(model().attribute("canExport", true))
				.andExpect(content().string(containsString("/t/acme/audit/export?format=ndjson")));
			mvc.perform(get(PAGE + "/export").with(member)).andExpect(status().isOk());
			mvc.perform(post(PAGE + "/verify").with(member)).andExpect(redirectedUrl(PAGE));
		}
	}

	@Test
	void theFiltersAndTheCursorsReachTheQueryInTheMembersOrganisation() throws Exception {
		mvc.perform(get(PAGE).with(auditor)).andExpect(status().isOk());
		verify(audit).page(AuditFilter.NONE, null, null, 50);

		mvc.perform(get(PAGE).with(auditor)
			.param("from", "2026-03-01T08:00")
			.param("to", "2026-03-14")
			.param("actor", " Ada ")
			.param("action", "signin")
			.param("outcome", "denied")
			.param("target", "ada@acme.example")
			.param("q", "203.0.113.9")
			.param("before", "4711")).andExpect(status().isOk());
		// the "to" day is included whole; a minute typed in a date-time field is
		// included whole
		verify(audit).page(new AuditFilter(Instant.parse("2026-03-01T08:00:00Z"), Instant.parse("2026-03-15T00:00:00Z"),
				"Ada", "signin", "DENIED", "ada@acme.example", "203.0.113.9", null, null), 4711L, null, 50);

		mvc.perform(get(PAGE).with(auditor).param("to", "2026-03-14T10:15").param("after", "12"))
			.andExpect(status().isOk());
		verify(audit).page(
				new AuditFilter(null, Instant.parse("2026-03-14T10:16:00Z"), null, null, null, null, null, null, null),
				null, 12L, 50);

		assertThat(queriedIn).containsOnly(auditor.seat().tenantId()).hasSize(3);
		// a page view checks only what was appended since; the whole chain is a button
		verify(audit, never()).verifyAll();
	}

	@Test
	void anHtmxRequestGetsTheResultsAloneWithFocusOnThemAndChecksNothing() throws Exception {
		mvc.perform(get(PAGE).with(auditor).header("HX-Request", "true").param("outcome", "FAILURE"))
			.andExpect(status().isOk())
			.andExpect(view().name(AuditController.RESULTS))
			.andExpect(content().string(containsString("id=\"audit-results\"")))
			.andExpect(content().string(containsString("autofocus")))
			.andExpect(content().string(not(containsString("<form"))));
		verify(audit, never()).verify();
		// a history restore (the back button with no cache) needs the whole page
		mvc.perform(get(PAGE).with(auditor).header("HX-Request", "true").header("HX-History-Restore-Request", "true"))
			.andExpect(view().name("audit/list"));
	}

	@Test
	void thePagesNextToThisOneKeepTheFilters() throws Exception {
		List<AuditRecord> full = LongStream.rangeClosed(1, 50)
			.mapToObj(i -> event(1_000 - i, "signin.success"))
			.toList();
		given(audit.page(any(AuditFilter.class), eq(990L), any(), anyInt()))
			.willReturn(new AuditQuery.Page(full, 950L, 901L));
		mvc.perform(get(PAGE).with(auditor).param("action", "signin").param("q", "a b").param("before", "990"))
			.andExpect(model().attribute("olderUrl", "/t/acme/audit?action=signin&q=a%20b&before=901"))
			.andExpect(model().attribute("newerUrl", "/t/acme/audit?action=signin&q=a%20b&after=950"))
			.andExpect(model().attribute("csvUrl", "/t/acme/audit/export?action=signin&q=a%20b&format=csv"))
			.andExpect(content()
				.string(containsString("hx-get=\"/t/acme/audit?action=signin&amp;q=a%20b&amp;before=901\"")));

		mvc.perform(get(PAGE).with(auditor).param("action", "signin"))
			.andExpect(model().attribute("olderUrl", (Object) null))
			.andExpect(model().attribute("newerUrl", (Object) null));
	}

	@Test
	void eachEventIsShownForPeopleWithItsChangesAndItsRawJson() throws Exception {
		AuditRecord updated = new AuditRecord(7, 42, AT, "SYSTEM", "ferry", "Ferry", "provisioning.update_account",
				"account", "acct-9", "SUCCESS",
				"{\"label\": \"ada@acme.example\", \"changes\": {\"department\": {\"after\": \"Research\", \"before\": \"Sales\"}}}",
				"corr-77", "203.0.113.9", "ab12");
		given(audit.page(any(AuditFilter.class), any(), any(), anyInt()))
			.willReturn(new AuditQuery.Page(List.of(updated), null, null));
		mvc.perform(get(PAGE).with(auditor))
			.andExpect(content().string(containsString("Updated a ShareFile account")))
			.andExpect(content().string(containsString("<td class=\"audit-before\">Sales</td>")))
			.andExpect(content().string(containsString("<td class=\"audit-after\">Research</td>")))
			.andExpect(content().string(containsString("203.0.113.9")))
			.andExpect(content().string(containsString("correlation id corr-77")))
			.andExpect(content().string(containsString("<summary>Raw JSON</summary>")));
	}

	@Test
	void aCursorThatIsNotANumberIsABadRequestThatReadsAndChecksNothing() throws Exception {
		for (String before : new String[] { "abc", "12 OR 1=1", "1.5" }) {
			mvc.perform(get(PAGE).with(auditor).param("before", before)).andExpect(status().isBadRequest());
			mvc.perform(get(PAGE).with(auditor).param("after", before)).andExpect(status().isBadRequest());
		}
		verifyNoInteractions(audit);
	}

	@Test
	void aTimeThatCannotBeReadIsRefusedWithWhatToGiveAndNothingIsRead() throws Exception {
		mvc.perform(get(PAGE).with(auditor).param("from", "yesterday"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.badTime", "yesterday")));
		mvc.perform(get(PAGE).with(auditor).header("HX-Request", "true").param("to", "2026-02-30"))
			.andExpect(header().string("HX-Retarget", "#flash"))
			.andExpect(content().string(containsString("2026-02-30")));
		mvc.perform(get(PAGE + "/export").with(auditor).param("format", "xlsx"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.exportFormat")));
		mvc.perform(get(PAGE + "/export").with(auditor).param("from", "2026-03-02").param("to", "2026-03-01"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.exportRange")));
		verifyNoInteractions(audit, export);
	}

	@Test
	void theExportIsAZipOfTheSameViewInTheMembersOrganisationAndIsAudited() throws Exception {
		List<UUID> writtenIn = new ArrayList<>();
		willAnswer(invocation -> {
			writtenIn.add(TenantContext.current().orElse(null));
			invocation.getArgument(3, OutputStream.class).write("zip".getBytes(StandardCharsets.UTF_8));
			return manifestOf(invocation.getArgument(0));
		}).given(export).write(any(), any(), any(), any());

		mvc.perform(get(PAGE + "/export").with(auditor)
			.param("format", "ndjson")
			.param("outcome", "FAILURE")
			.param("from", "2026-03-01"))
			.andExpect(status().isOk())
			.andExpect(content().contentType("application/zip"))
			.andExpect(header().string("Content-Disposition",
					"attachment; filename=\"ferry-audit-acme-20260314-092653Z.zip\""))
			.andExpect(content().string("zip"));
		AuditFilter view = new AuditFilter(Instant.parse("2026-03-01T00:00:00Z"), null, null, null, "FAILURE", null,
				null, null, null);
		verify(export).write(eq(view), eq(AuditExport.Format.NDJSON), eq("acme"), any());
		assertThat(writtenIn).containsExactly(auditor.seat().tenantId());
		List<Happened> audited = events.stream(Happened.class).toList();
		assertThat(audited).hasSize(1);
		assertThat(audited.get(0).action()).isEqualTo("audit.exported");
		assertThat(audited.get(0).actor()).isEqualTo(auditor.actor());
		assertThat(audited.get(0).tenantId()).isEqualTo(auditor.seat().tenantId());
		assertThat(audited.get(0).details()).containsEntry("rows", 2L)
			.containsEntry("filters", Map.of("from", "2026-03-01T00:00:00Z", "outcome", "FAILURE"));
	}

	@Test
	void onlyThoseWhoManageSettingsScheduleExports() throws Exception {
		mvc.perform(post(PAGE + "/schedule").with(auditor)
			.param("frequency", "DAILY")
			.param("format", "csv")
			.param("keep", "7")).andExpect(status().isForbidden());
		verify(exports, never()).setSchedule(any(), any());

		SignedIn admin = SignedIn.as(Role.ADMIN, "acme", seats);
		mvc.perform(post(PAGE + "/schedule").with(admin)
			.param("frequency", "DAILY")
			.param("format", "csv")
			.param("keep", "7"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("audit.flash.scheduleSaved")));
		verify(exports).setSchedule(new AuditExports.Schedule("DAILY", "csv", 7), admin.actor());

		mvc.perform(post(PAGE + "/schedule").with(admin)
			.param("frequency", "DAILY")
			.param("format", "csv")
			.param("keep", "seven"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.scheduleKeep")));
	}

	@Test
	void checkingTheWholeChainSaysWhereItHoldsOrWhereItBroke() throws Exception {
		given(audit.verifyAll()).willReturn(new AuditQuery.ChainCheck(-1, 120, AT, 120));
		mvc.perform(post(PAGE + "/verify").with(auditor))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("audit.flash.verified", 120L)));

		given(audit.verifyAll()).willReturn(new AuditQuery.ChainCheck(57, 56, null, 57));
		mvc.perform(post(PAGE + "/verify").with(auditor))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.broken", 57L)));
	}

	@Test
	void anotherOrganisationsLogIsNotThere() throws Exception {
		// signed in to acme, as an owner even
		SignedIn owner = SignedIn.as(Role.OWNER, "acme", seats);
		mvc.perform(get("/t/globex/audit").with(owner)).andExpect(status().isNotFound());
		mvc.perform(get("/t/globex/audit/export").with(owner)).andExpect(status().isNotFound());
		mvc.perform(get("/t/globex/audit/exports/1").with(owner)).andExpect(status().isNotFound());
		mvc.perform(post("/t/globex/audit/verify").with(owner)).andExpect(status().isNotFound());
		mvc.perform(post("/t/globex/audit/schedule").with(owner).param("frequency", "OFF"))
			.andExpect(status().isNotFound());
		// nor for someone signed in nowhere
		mvc.perform(get(PAGE + "/export").with(SignedIn.nobody())).andExpect(status().isNotFound());
		verifyNoInteractions(audit, export, exports);
	}

	private void manifest() {
		given(export.write(any(), any(), any(), any())).willAnswer(invocation -> manifestOf(invocation.getArgument(0)));
	}

	private AuditExport.Manifest manifestOf(AuditFilter filter) {
		return new AuditExport.Manifest(auditor.seat().tenantId(), "acme", AT, filter.describe(), filter.contiguous(),
				"events.ndjson", "ndjson", "00", 2, 3L, 4L, "aa", "bb", 1, Map.of(2, 2L));
	}

	private static AuditRecord event(long seq, String action) {
		return new AuditRecord(seq, seq, AT, "MEMBER", "sub-1", "Ada", action, "member", "ada@acme.example", "SUCCESS",
				"{}", null, null, "ff");
	}

}
