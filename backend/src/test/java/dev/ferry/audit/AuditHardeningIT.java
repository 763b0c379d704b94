package dev.ferry.audit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.ferry.signin.FerryUser;
import dev.ferry.signin.TestUsers;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Security review findings 3, 4 and 5 (docs/security.md): no audit field can fail an
 * insert, nobody can flood an organisation's audit chain, its verification does not grow
 * with the log, and every event says (inside its hash) where the request came from.
 */
@FerryIntegrationTest
class AuditHardeningIT {

	@Value("${ferry.public-url}")
	String portal;

	@Autowired
	WebApplicationContext context;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	AuditLog audit;

	@Autowired
	AuditQuery query;

	@Autowired
	Refusals refusals;

	@Autowired
	JdbcTemplate jdbc;

	MockMvc mvc;

	Tenant acme;

	Tenant globex;

	HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void setUp() {
		mvc = MockMvcBuilders.webAppContextSetup(context)
			.apply(org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity())
			.build();
		acme = TestTenants.create(tenants, members, "audit-acme", TenantKind.CUSTOMER, "https://acme.okta.com",
				"owner@acme.example");
		globex = TestTenants.create(tenants, members, "audit-globex", TenantKind.CUSTOMER, "https://globex.okta.com",
				"owner@globex.example");
	}

	@Test
	void aCrossTenantProbeWithAVeryLongUrlIsANotFoundAndOnRecord() throws Exception {
		FerryUser stranger = TestUsers.user(globex.oktaIssuer(), "00ustranger", "owner@globex.example",
				List.of(TestTenants.membership(globex, Role.OWNER)));
		String path = "/t/" + acme.slug() + "/provisioning/runs/" + "a".repeat(300);
		int status = mvc.perform(get(path).with(authentication(TestUsers.authentication(stranger))))
			.andReturn()
			.getResponse()
			.getStatus();
		assertThat(status).isEqualTo(404);
		Map<String, Object> row = TenantContext.call(acme.id(), () -> jdbc.queryForMap(
				"select target_id, details ->> 'targetIdFull' as full_url from audit_event where action = 'access.denied'"));
		assertThat((String) row.get("target_id")).hasSizeLessThanOrEqualTo(255)
			.startsWith("/t/" + acme.slug() + "/provisioning/runs/aaa");
		assertThat(row.get("full_url")).isEqualTo(path);
		// the same answer as for an organisation that does not exist at all
		int missing = mvc
			.perform(get("/t/no-such-org-x/provisioning/runs/" + "a".repeat(300))
				.with(authentication(TestUsers.authentication(stranger))))
			.andReturn()
			.getResponse()
			.getStatus();
		assertThat(missing).isEqualTo(404);
	}

	@Test
	void aFieldTooLongOrAnEventThatCannotBeWrittenNeverFailsTheCaller() {
		String huge = "x".repeat(50_000);
		boolean written = audit.recordNow(new AuditEntry(acme.id(), new AuditEntry.Actor("MEMBER", huge, huge), "probe",
				huge, huge, AuditEntry.Outcome.DENIED, Map.of("value", huge)));
		assertThat(written).isTrue();
		Map<String, Object> row = TenantContext.call(acme.id(),
				() -> jdbc.queryForMap(
						"select actor_id, target_type, target_id, length(details ->> 'value') as kept from audit_event "
								+ "where action = 'probe'"));
		assertThat((String) row.get("actor_id")).hasSize(255);
		assertThat((String) row.get("target_type")).hasSize(64);
		assertThat(((Number) row.get("kept")).intValue()).isEqualTo(8192);
		// a row the database refuses (no such actor type) is logged and counted, never
		// thrown at the caller
		boolean refused = audit.recordNow(new AuditEntry(acme.id(), new AuditEntry.Actor("NOT-A-TYPE", null, null),
				"probe.bad", null, null, AuditEntry.Outcome.DENIED, Map.of()));
		assertThat(refused).isFalse();
		assertThat(TenantContext.call(acme.id(), query::verifyAll).intact()).isTrue();
	}

	@Test
	void aThousandForgedHookDeliveriesLeaveABoundedTrailAndACheapAuditPage() throws Exception {
		FerryUser owner = TestUsers.user(acme.oktaIssuer(), "00uowner", "owner@acme.example",
				List.of(TestTenants.membership(acme, Role.OWNER)));
		TenantContext.call(acme.id(), query::verify);
		long before = rows(acme);
		// summaries are per 5-minute window: start well inside one, so the flood falls in
		// one window
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(70))
			.until(() -> Instant.now().getEpochSecond() % (Refusals.WINDOW_MINUTES * 60) < (Refusals.WINDOW_MINUTES - 1)
					* 60);

		Map<Integer, Integer> answers = new TreeMap<>();
		for (int i = 0; i < 1000; i++) {
			HttpResponse<Void> response = http
				.send(HttpRequest.newBuilder(URI.create(portal + "/hooks/okta/" + acme.slug()))
					.header("Authorization", "forged-" + i)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"events\":[]}}"))
					.build(), HttpResponse.BodyHandlers.discarding());
			answers.merge(response.statusCode(), 1, Integer::sum);
		}
		assertThat(answers.keySet()).containsOnly(401, 429);
		assertThat(answers.get(429)).as("throttled after %d refusals a minute", Refusals.PER_CLIENT_PER_MINUTE)
			.isGreaterThan(900);
		refusals.summariseClosedWindows(Instant.now().plus(Duration.ofMinutes(10)));

		long added = rows(acme) - before;
		// one by one up to DETAILED, then one summary
		assertThat(added).isEqualTo(Refusals.DETAILED + 1L);
		long counted = TenantContext.call(acme.id(),
				() -> jdbc.queryForObject(
						"select coalesce(sum((details ->> 'count')::int), 0) from audit_event "
								+ "where action = 'security.refusals_summarised' and target_id = 'event_hook'",
						Long.class));
		assertThat(counted).as("the summaries count every attempt, throttled ones too").isEqualTo(1000);

		// the audit page hashes only what was appended since its last view, not the whole
		// chain
		AuditQuery.ChainCheck check = TenantContext.call(acme.id(), query::verify);
		assertThat(check.intact()).isTrue();
		assertThat(check.checked()).isEqualTo(added);
		int page = mvc
			.perform(get("/t/" + acme.slug() + "/audit").with(authentication(TestUsers.authentication(owner))))
			.andReturn()
			.getResponse()
			.getStatus();
		assertThat(page).isEqualTo(200);
		assertThat(TenantContext.call(acme.id(), query::verify).checked()).isZero();
	}

	@Test
	void everyEventCarriesItsSourceAndCorrelationInsideItsHash() throws Exception {
		FerryUser owner = TestUsers.user(acme.oktaIssuer(), "00uowner2", "owner@acme.example",
				List.of(TestTenants.membership(acme, Role.OWNER)));
		HttpResponse<Void> response = http
			.send(HttpRequest.newBuilder(URI.create(portal + "/hooks/okta/" + acme.slug()))
				.header("Authorization", "forged")
				// not from a trusted proxy: the header is ignored, the connection's
				// address counts
				.header("X-Forwarded-For", "203.0.113.7")
				.header("X-Request-Id", "probe-correlation-1")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("probe-correlation-1");

		// the export is a zip: its events file, as an auditor unpacks it
		String csv = unzipped(mvc
			.perform(get("/t/" + acme.slug() + "/audit/export").param("format", "csv")
				.with(authentication(TestUsers.authentication(owner))))
			.andReturn()
			.getResponse()
			.getContentAsByteArray(), "events.csv");
		String line = csv.lines().filter(l -> l.contains("hook.rejected")).findFirst().orElseThrow();
		assertThat(line).contains("\"probe-correlation-1\"").contains("\"127.0.0.1\"").doesNotContain("203.0.113.7");
		String ndjson = unzipped(mvc
			.perform(get("/t/" + acme.slug() + "/audit/export").param("format", "ndjson")
				.with(authentication(TestUsers.authentication(owner))))
			.andReturn()
			.getResponse()
			.getContentAsByteArray(), "events.ndjson");
		assertThat(ndjson.lines().filter(l -> l.contains("hook.rejected")).findFirst().orElseThrow())
			.contains("\"sourceIp\":\"127.0.0.1\"");

		assertThat(TenantContext.call(acme.id(), query::verifyAll).intact()).isTrue();
		long seq = TenantContext.call(acme.id(), () -> jdbc.queryForObject(
				"select chain_seq from audit_event where correlation_id = 'probe-correlation-1'", Long.class));
		asOwner("update audit_event set source_ip = '10.0.0.1' where correlation_id = 'probe-correlation-1'");
		assertThat(TenantContext.call(acme.id(), query::verifyAll).firstBroken()).isEqualTo(seq);
	}

	private static String unzipped(byte[] zip, String name) throws java.io.IOException {
		try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
				new java.io.ByteArrayInputStream(zip))) {
			for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (entry.getName().equals(name)) {
					return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
				}
			}
		}
		throw new IllegalStateException(name + " is not in the export");
	}

	@Test
	void theIncrementalCheckStartsAtItsCheckpointAndABreakStaysShownUntilPutRight() throws Exception {
		TenantContext.run(acme.id(), () -> {
			for (int i = 0; i < 20; i++) {
				audit.record(new AuditEntry(acme.id(), AuditEntry.Actor.system(), "probe.step", "probe", "s" + i,
						AuditEntry.Outcome.SUCCESS, Map.of("i", i)));
			}
		});
		AuditQuery.ChainCheck first = TenantContext.call(acme.id(), query::verify);
		assertThat(first.intact()).isTrue();
		long end = first.verifiedThrough();
		assertThat(TenantContext.call(acme.id(), query::verify).checked()).isZero();

		// the checkpoint's own event is hashed again and compared with the hash kept
		// beside it
		asOwner("update audit_event set target_id = 'changed' where chain_seq = " + end + " and tenant_id = '"
				+ acme.id() + "'");
		assertThat(TenantContext.call(acme.id(), query::verify).firstBroken()).isEqualTo(end);

		// an event older than the checkpoint: found by the full check, and from then on
		// by every view
		asOwner("update audit_event set target_id = 'changed-too' where target_id = 's3' and tenant_id = '" + acme.id()
				+ "'");
		AuditQuery.ChainCheck full = TenantContext.call(acme.id(), query::verifyAll);
		assertThat(full.intact()).isFalse();
		long s3 = full.firstBroken();
		assertThat(s3).isLessThan(end);
		assertThat(full.fullyVerifiedAt()).as("no full pass has found it intact").isNull();
		assertThat(TenantContext.call(acme.id(), query::verify).firstBroken()).isEqualTo(s3);

		// put right (the operator restores the events): the next full pass clears the
		// mark
		asOwner("update audit_event set target_id = 's3' where target_id = 'changed-too' and tenant_id = '" + acme.id()
				+ "'");
		asOwner("update audit_event set target_id = 's19' where target_id = 'changed' and tenant_id = '" + acme.id()
				+ "'");
		assertThat(TenantContext.call(acme.id(), query::verify).intact()).as("still reported until a full pass")
			.isFalse();
		AuditQuery.ChainCheck repaired = TenantContext.call(acme.id(), query::verifyAll);
		assertThat(repaired.intact()).isTrue();
		assertThat(repaired.fullyVerifiedAt()).isNotNull();
		assertThat(TenantContext.call(acme.id(), query::verify).intact()).isTrue();
	}

	private long rows(Tenant tenant) {
		return TenantContext.call(tenant.id(),
				() -> jdbc.queryForObject("select count(*) from audit_event", Long.class));
	}

	private static void asOwner(String sql) throws Exception {
		try (Connection owner = TestServices.get().ownerConnection();
				PreparedStatement statement = owner.prepareStatement(sql)) {
			statement.executeUpdate();
		}
	}

}
