package dev.ferry.auditfeed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit API over real HTTP: paging by the chain's cursor returns every event once,
 * with what recomputes the chain; a revoked token is refused at once; a tenant's token
 * reads only its own organisation; an MSP's token reads only the customers the MSP
 * manages at the moment of the request.
 */
@FerryIntegrationTest
class AuditApiIT {

	private static final AuditEntry.Actor ADMIN = AuditEntry.Actor.member("00uadmin", "Admin");

	@Autowired
	Tenants tenants;

	@Autowired
	ApiTokens tokens;

	@Autowired
	AuditLog audit;

	@Autowired
	JdbcTemplate jdbc;

	@Value("${server.port}")
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	Tenant msp;

	Tenant acme;

	Tenant globex;

	Tenant stranger;

	@BeforeEach
	void setUp() {
		msp = create("api-msp", TenantKind.MSP, null);
		acme = create("api-acme", TenantKind.CUSTOMER, msp.slug());
		globex = create("api-globex", TenantKind.CUSTOMER, msp.slug());
		stranger = create("api-stranger", TenantKind.CUSTOMER, null);
		AuditEvents.write(audit, acme.id(), 37, "member.role.changed");
		AuditEvents.write(audit, globex.id(), 5, "connection.tested");
		AuditEvents.write(audit, stranger.id(), 5, "member.invited");
	}

	@Test
	void pagingByTheCursorReturnsEveryEventOnceInChainOrderWithWhatRecomputesTheChain() throws Exception {
		String token = token(acme, ApiTokens.Scope.TENANT);
		List<JsonNode> events = new ArrayList<>();
		long after = 0;
		int pages = 0;
		while (true) {
			JsonNode page = ok(get("/api/audit/v1/events?limit=10&after=" + after, token));
			page.get("events").forEach(events::add);
			pages++;
			assertThat(page.get("next").asLong()).isGreaterThanOrEqualTo(after);
			after = page.get("next").asLong();
			if (!page.get("more").asBoolean()) {
				break;
			}
		}
		long end = TenantContext.call(acme.id(), () -> jdbc
			.queryForObject("select max(chain_seq) from audit_event where tenant_id = ?", Long.class, acme.id()));
		assertThat(events).extracting(e -> e.get("seq").asLong())
			.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, end).boxed().toList());
		assertThat(pages).isEqualTo((int) (end / 10) + 1);
		assertThat(events).allSatisfy(e -> assertThat(e.get("tenant").asString()).isEqualTo(acme.id().toString()));
		AuditEvents.assertChain(events, null);

		// nothing new: the same cursor comes back, with no events
		JsonNode empty = ok(get("/api/audit/v1/events?after=" + after, token));
		assertThat(empty.get("events").size()).isZero();
		assertThat(empty.get("next").asLong()).isEqualTo(end);

		// new events are found after the cursor, and link to the last one read
		AuditEvents.write(audit, acme.id(), 3, "member.removed");
		JsonNode later = ok(get("/api/audit/v1/events?after=" + after, token));
		List<JsonNode> fresh = new ArrayList<>();
		later.get("events").forEach(fresh::add);
		assertThat(fresh).extracting(e -> e.get("seq").asLong()).containsExactly(end + 1, end + 2, end + 3);
		AuditEvents.assertChain(fresh, events.getLast().get("hash").asString());

		// filters: an action prefix and a time; next still moves past what was examined
		JsonNode filtered = ok(get("/api/audit/v1/events?action=member.removed&after=0", token));
		assertThat(filtered.get("events").size()).isEqualTo(3);
		assertThat(filtered.get("next").asLong()).isEqualTo(end + 3);
		assertThat(ok(get("/api/audit/v1/events?action=member&limit=1000", token)).get("events").size()).isEqualTo(40);
		assertThat(ok(get("/api/audit/v1/events?since=2999-01-01T00:00:00Z", token)).get("events").size()).isZero();
	}

	@Test
	void badRequestsAreAnsweredAsProblemsInWords() throws Exception {
		String token = token(acme, ApiTokens.Scope.TENANT);
		for (String query : List.of("limit=0", "limit=1001", "limit=x", "after=-1", "after=abc", "since=yesterday",
				"action=DROP%20TABLE")) {
			HttpResponse<String> answer = get("/api/audit/v1/events?" + query, token);
			assertThat(answer.statusCode()).as(query).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = json.readTree(answer.body());
			assertThat(problem.get("status").asInt()).isEqualTo(400);
			assertThat(problem.get("detail").asString()).isNotBlank();
		}
	}

	@Test
	void aMissingOrWrongTokenIsRefusedAndRecordedAndARevokedOneStopsAtOnce() throws Exception {
		HttpResponse<String> none = get("/api/audit/v1/events", null);
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
		assertThat(json.readTree(none.body()).get("title").asString()).isEqualTo("Unauthorized");
		assertThat(get("/api/audit/v1/events", "not-a-token").statusCode()).isEqualTo(401);
		Integer refusals = jdbc.queryForObject(
				"select count(*) from audit_event where tenant_id is null and action = 'audit.api.rejected'",
				Integer.class);
		assertThat(refusals).isPositive();

		String token = token(acme, ApiTokens.Scope.TENANT);
		assertThat(get("/api/audit/v1/events", token).statusCode()).isEqualTo(200);
		UUID id = TenantContext.call(acme.id(), () -> tokens.list().getFirst().id());
		assertThat(TenantContext.call(acme.id(), () -> tokens.list().getFirst().lastUsedAt())).isNotNull();
		assertThat(TenantContext.call(acme.id(), () -> tokens.revoke(id, ADMIN))).isTrue();
		assertThat(get("/api/audit/v1/events", token).statusCode()).isEqualTo(401);
		Integer audited = TenantContext
			.call(acme.id(),
					() -> jdbc.queryForObject(
							"select count(*) from audit_event where tenant_id = ? and action in "
									+ "('audit.api.token_created', 'audit.api.token_revoked')",
							Integer.class, acme.id()));
		assertThat(audited).isEqualTo(2);
	}

	@Test
	void anOrganisationsTokenReadsOnlyThatOrganisation() throws Exception {
		String token = token(stranger, ApiTokens.Scope.TENANT);
		JsonNode page = ok(get("/api/audit/v1/events?limit=1000", token));
		assertThat(page.get("organisation").asString()).isEqualTo(stranger.slug());
		page.get("events").forEach(e -> assertThat(e.get("tenant").asString()).isEqualTo(stranger.id().toString()));
		assertThat(page.get("events").size()).isEqualTo(6); // five events and the token's
															// creation
		assertThat(get("/api/audit/v1/customers", token).statusCode()).isEqualTo(403);
		assertThat(get("/api/audit/v1/customers/" + acme.slug() + "/events", token).statusCode()).isEqualTo(403);
		// a customer's own token is not an MSP token, even for its own slug
		String acmeToken = token(acme, ApiTokens.Scope.TENANT);
		assertThat(get("/api/audit/v1/customers/" + acme.slug() + "/events", acmeToken).statusCode()).isEqualTo(403);
		// and an MSP token cannot be made outside an MSP
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> TenantContext.call(acme.id(),
					() -> tokens.create("x", ApiTokens.Scope.MSP, TenantKind.CUSTOMER, ADMIN)))
			.isInstanceOf(dev.ferry.system.Refusal.class);
	}

	@Test
	void anMspTokenReadsTheCustomersTheMspManagesNowAndNoOthers() throws Exception {
		String token = token(msp, ApiTokens.Scope.MSP);
		JsonNode customers = ok(get("/api/audit/v1/customers", token));
		List<String> slugs = new ArrayList<>();
		customers.get("customers").forEach(c -> slugs.add(c.get("slug").asString()));
		assertThat(slugs).containsExactlyInAnyOrder(acme.slug(), globex.slug());

		JsonNode globexPage = ok(get("/api/audit/v1/customers/" + globex.slug() + "/events?limit=1000", token));
		assertThat(globexPage.get("organisation").asString()).isEqualTo(globex.slug());
		assertThat(globexPage.get("events").size()).isEqualTo(5);
		globexPage.get("events").forEach(e -> assertThat(e.get("tenant").asString()).isEqualTo(globex.id().toString()));
		List<JsonNode> events = new ArrayList<>();
		globexPage.get("events").forEach(events::add);
		AuditEvents.assertChain(events, null);

		HttpResponse<String> notManaged = get("/api/audit/v1/customers/" + stranger.slug() + "/events", token);
		assertThat(notManaged.statusCode()).isEqualTo(404);
		assertThat(get("/api/audit/v1/customers/no-such-org/events", token).statusCode()).isEqualTo(404);
		// its own organisation's events are its own
		ok(get("/api/audit/v1/events", token)).get("events")
			.forEach(e -> assertThat(e.get("tenant").asString()).isEqualTo(msp.id().toString()));

		// globex leaves the MSP: refused from the next request, and no longer listed
		jdbc.update("update tenant set managed_by = null where id = ?", globex.id());
		assertThat(get("/api/audit/v1/customers/" + globex.slug() + "/events", token).statusCode()).isEqualTo(404);
		List<String> after = new ArrayList<>();
		ok(get("/api/audit/v1/customers", token)).get("customers").forEach(c -> after.add(c.get("slug").asString()));
		assertThat(after).containsExactly(acme.slug());
		assertThat(get("/api/audit/v1/customers/" + acme.slug() + "/events", token).statusCode()).isEqualTo(200);
	}

	@Test
	void theApiNeitherReadsBodiesNorServesOtherMethods() throws Exception {
		String token = token(acme, ApiTokens.Scope.TENANT);
		HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/audit/v1/events"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(413);
		HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/audit/v1/events"))
			.header("Authorization", "Bearer " + token)
			.DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(delete.statusCode()).isEqualTo(405);
	}

	private Tenant create(String prefix, TenantKind kind, String managedBy) {
		return tenants.create(new NewTenant(TestTenants.uniqueSlug(prefix), prefix, kind, managedBy,
				"https://" + prefix + ".okta.com", "ferry-portal", "secret", List.of()));
	}

	private String token(Tenant tenant, ApiTokens.Scope scope) {
		return TenantContext.call(tenant.id(), () -> tokens
			.create("SIEM " + UUID.randomUUID().toString().substring(0, 4), scope, tenant.kind(), ADMIN));
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode ok(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return json.readTree(answer.body());
	}

	private String base() {
		return "http://127.0.0.1:" + port;
	}

}
