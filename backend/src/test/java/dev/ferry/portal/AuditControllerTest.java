package dev.ferry.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.AuditRecord;
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
 * exports it; the filter and the "older events" cursor reach the query as typed (the
 * filter capped), and a cursor that is not a number is refused before anything is read or
 * checked; exports are attachments named after the member's organisation and read in it,
 * CSV quoted against spreadsheet formulas and NDJSON with the details as JSON; another
 * organisation's log is not there at all.
 */
@PortalSlice(AuditController.class)
class AuditControllerTest {

	private static final String PAGE = "/t/acme/audit";

	private static final Instant AT = Instant.parse("2026-03-14T09:26:53Z");

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	AuditQuery audit;

	SignedIn auditor;

	/**
	 * The organisation each query ran in, as the data source would have told PostgreSQL.
	 */
	final List<UUID> queriedIn = new ArrayList<>();

	@BeforeEach
	void acme() {
		auditor = SignedIn.as(Role.AUDITOR, "acme", seats);
		given(audit.verify()).willReturn(new AuditQuery.ChainCheck(-1, 120, null, 3));
		given(audit.page(any(), any(), anyInt())).willAnswer(invocation -> {
			queriedIn.add(TenantContext.current().orElse(null));
			return List.of();
		});
	}

	@Test
	void everyRoleReadsChecksAndExportsTheLog() throws Exception {
		given(audit.verifyAll()).willReturn(new AuditQuery.ChainCheck(-1, 120, AT, 120));
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
	void theFilterAndTheCursorReachTheQueryInTheMembersOrganisation() throws Exception {
		mvc.perform(get(PAGE).with(auditor)).andExpect(status().isOk()).andExpect(model().attribute("action", ""));
		verify(audit).page("", null, 50);

		mvc.perform(get(PAGE).with(auditor).param("action", "signin").param("before", "4711"))
			.andExpect(model().attribute("action", "signin"));
		verify(audit).page("signin", 4711L, 50);

		// longer than any action (the column holds 64): cut, and shown back cut
		String typed = "provisioning.".repeat(6);
		mvc.perform(get(PAGE).with(auditor).param("action", typed))
			.andExpect(model().attribute("action", typed.substring(0, 64)));
		verify(audit).page(typed.substring(0, 64), null, 50);

		assertThat(queriedIn).containsOnly(auditor.seat().tenantId()).hasSize(3);
		// a page view checks only what was appended since; the whole chain is a button
		verify(audit, never()).verifyAll();
	}

	@Test
	void aFullPageOffersOlderEventsWithTheSameFilterAndAShortOneDoesNot() throws Exception {
		List<AuditRecord> full = LongStream.rangeClosed(1, 50)
			.mapToObj(i -> event(1_000 - i, "signin.success"))
			.toList();
		given(audit.page("signin", null, 50)).willReturn(full);
		mvc.perform(get(PAGE).with(auditor).param("action", "signin"))
			.andExpect(model().attribute("nextBefore", 950L))
			.andExpect(content().string(containsString("/t/acme/audit?action=signin&amp;before=950")));

		given(audit.page("signin", 950L, 50)).willReturn(full.subList(0, 49));
		mvc.perform(get(PAGE).with(auditor).param("action", "signin").param("before", "950"))
			.andExpect(model().attribute("nextBefore", (Object) null))
			.andExpect(content().string(not(containsString("?action=signin&amp;before="))));
	}

	@Test
	void aCursorThatIsNotANumberIsABadRequestThatReadsAndChecksNothing() throws Exception {
		for (String before : new String[] { "abc", "12 OR 1=1", "1.5" }) {
			mvc.perform(get(PAGE).with(auditor).param("before", before)).andExpect(status().isBadRequest());
		}
		verifyNoInteractions(audit);
	}

	@Test
	void theCsvExportIsAnAttachmentOfTheMembersOrganisationWithFormulasDefused() throws Exception {
		List<UUID> streamedIn = new ArrayList<>();
		willAnswer(invocation -> {
			streamedIn.add(TenantContext.current().orElse(null));
			Consumer<AuditRecord> sink = invocation.getArgument(2);
			sink.accept(new AuditRecord(7, 3, AT, "MEMBER", "sub-1", "Zoë \"Z\" Smith", "member.invited", "member",
					"=HYPERLINK(\"http://evil.example\")", "SUCCESS", "{\"role\":\"ADMIN\"}", "corr-1", "203.0.113.9",
					"ab12"));
			sink.accept(new AuditRecord(8, 4, AT, "ANONYMOUS", null, null, "access.denied", null, null, "DENIED", "{}",
					null, null, "cd34"));
			return null;
		}).given(audit).stream(any(), any(), any());

		mvc.perform(get(PAGE + "/export").with(auditor))
			.andExpect(status().isOk())
			.andExpect(content().contentType("text/csv;charset=UTF-8"))
			.andExpect(header().string("Content-Disposition", "attachment; filename=\"ferry-audit-acme.csv\""))
			.andExpect(content().string("""
					id,chain_seq,occurred_at,actor_type,actor_id,actor_name,action,target_type,target_id,outcome,\
					details,correlation_id,source_ip,hash
					7,3,2026-03-14T09:26:53Z,"MEMBER","sub-1","Zoë ""Z"" Smith","member.invited","member",\
					"'=HYPERLINK(""http://evil.example"")","SUCCESS","{""role"":""ADMIN""}","corr-1","203.0.113.9",ab12
					8,4,2026-03-14T09:26:53Z,"ANONYMOUS",,,"access.denied",,,"DENIED","{}",,,cd34
					"""));
		assertThat(streamedIn).containsExactly(auditor.seat().tenantId());
	}

	@Test
	void theNdjsonExportIsOneJsonObjectALineWithTheDetailsAsJson() throws Exception {
		willAnswer(invocation -> {
			Consumer<AuditRecord> sink = invocation.getArgument(2);
			sink.accept(new AuditRecord(7, 3, AT, "MEMBER", "sub-1", "Zoë", "member.invited", "member", "ada@acme",
					"SUCCESS", "{\"role\":\"ADMIN\",\"seats\":[1,2]}", "corr-1", "203.0.113.9", "ab12"));
			sink.accept(new AuditRecord(8, 4, AT, "SYSTEM", "ferry", "Ferry", "audit.chain.verified", "chain", "acme",
					"SUCCESS", "{}", null, null, "cd34"));
			sink.accept(new AuditRecord(9, 5, AT, "ANONYMOUS", null, null, "access.denied", null, null, "DENIED", "{}",
					null, null, "ef56"));
			return null;
		}).given(audit).stream(any(), any(), any());

		String body = mvc.perform(get(PAGE + "/export").with(auditor).param("format", "ndjson"))
			.andExpect(status().isOk())
			.andExpect(content().contentType("application/x-ndjson;charset=UTF-8"))
			.andExpect(header().string("Content-Disposition", "attachment; filename=\"ferry-audit-acme.ndjson\""))
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(body).endsWith("\n");
		List<JsonNode> lines = body.lines().map(JsonMapper.shared()::readTree).toList();
		assertThat(lines).hasSize(3);
		JsonNode first = lines.get(0);
		assertThat(first.get("id").asLong()).isEqualTo(7);
		assertThat(first.get("occurredAt").asString()).isEqualTo("2026-03-14T09:26:53Z");
		assertThat(first.get("actor").get("name").asString()).isEqualTo("Zoë");
		assertThat(first.get("target").get("id").asString()).isEqualTo("ada@acme");
		// an object to query, not a string to parse again
		assertThat(first.get("details").get("role").asString()).isEqualTo("ADMIN");
		assertThat(first.get("details").get("seats").size()).isEqualTo(2);
		assertThat(lines.get(1).get("action").asString()).isEqualTo("audit.chain.verified");
		// nothing there is JSON null, never the word "null"
		JsonNode anonymous = lines.get(2);
		assertThat(anonymous.get("actor").get("id").isNull()).isTrue();
		assertThat(anonymous.get("actor").get("name").isNull()).isTrue();
		assertThat(anonymous.get("target").get("type").isNull()).isTrue();
		assertThat(anonymous.get("target").get("id").isNull()).isTrue();
		assertThat(body).doesNotContain("\"null\"");
	}

	@Test
	void anExportThatCannotBeReadAsAskedIsRefusedWithWhatToGiveAndNothingIsRead() throws Exception {
		mvc.perform(get(PAGE + "/export").with(auditor).param("from", "2026-02-30"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.exportDay", "2026-02-30")));
		mvc.perform(get(PAGE + "/export").with(auditor).param("to", "yesterday"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.exportDay", "yesterday")));
		mvc.perform(get(PAGE + "/export").with(auditor).param("format", "xlsx"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.exportFormat")));
		mvc.perform(get(PAGE + "/export").with(auditor).param("from", "2026-03-02").param("to", "2026-03-01"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("audit.flash.exportRange")));
		verify(audit, never()).stream(any(), any(), any());
	}

	@Test
	void anExportCoversWholeDaysFromTheFirstThroughTheLast() throws Exception {
		mvc.perform(get(PAGE + "/export").with(auditor).param("from", "2026-03-01").param("to", "2026-03-31"))
			.andExpect(status().isOk());
		verify(audit).stream(eq(Instant.parse("2026-03-01T00:00:00Z")), eq(Instant.parse("2026-04-01T00:00:00Z")),
				any());
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
		mvc.perform(post("/t/globex/audit/verify").with(owner)).andExpect(status().isNotFound());
		// nor for someone signed in nowhere
		mvc.perform(get(PAGE + "/export").with(SignedIn.nobody())).andExpect(status().isNotFound());
		verifyNoInteractions(audit);
	}

	private static AuditRecord event(long id, String action) {
		return new AuditRecord(id, id, AT, "MEMBER", "sub-1", "Ada", action, "member", "ada@acme.example", "SUCCESS",
				"{}", null, null, "ff");
	}

}
