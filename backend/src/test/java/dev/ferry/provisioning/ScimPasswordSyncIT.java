package dev.ferry.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.ferry.audit.AuditQuery;
import dev.ferry.audit.AuditRecord;
import dev.ferry.audit.Refusals;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimTokens;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.TestUsers;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;

/**
 * Push Password Updates end to end: the sandbox's Okta, with SCIM and Sync Password
 * registered for its ShareFile app, pushes a changed password to Ferry's SCIM endpoint as
 * Okta's SCIM client does, and Ferry sets it in the sandbox's ShareFile — without keeping
 * it anywhere.
 */
@FerryIntegrationTest
class ScimPasswordSyncIT {

	static final Duration CONVERGE = Duration.ofSeconds(30);

	static final String NEW_PASSWORD = "Scim-Synced-7Qx";

	/** Tables a password could end up in if Ferry kept or logged it. */
	static final List<String> TABLES = List.of("audit_event", "run", "run_operation", "link", "job", "scim_user",
			"scim_token", "provisioning_config");

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
	AuditQuery audit;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Refusals refusals;

	ProvisioningWorld world;

	String person;

	String email;

	@Autowired
	WebApplicationContext context;

	@BeforeEach
	void world() {
		world = new ProvisioningWorld(tenants, members, connections, provisioning);
	}

	/**
	 * Provisioning on (Push Password Updates is on by default), one person assigned and
	 * linked.
	 */
	void aProvisionedPerson() {
		world.configure(config -> config.withEnabled(true));
		world.registerHook();
		person = world.person("Sam", "Keys");
		email = world.email("Sam", "Keys");
		world.assign(person);
		await().atMost(CONVERGE).until(() -> world.as(() -> provisioning.linkedAccounts()) == 1);
	}

	@Test
	void aPasswordChangedInOktaIsSetInShareFileAndKeptNowhere() {
		aProvisionedPerson();
		registerScim(world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN)));
		assertThat(shareFileSignIn(email, NEW_PASSWORD)).as("not yet the ShareFile password").isNotEqualTo(200);
		long mark = world.mark();

		JsonNode calls = changePassword();

		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).path("method").asString()).isEqualTo("GET");
		assertThat(calls.get(0).path("status").asInt()).isEqualTo(200);
		assertThat(calls.get(1).path("method").asString()).isEqualTo("PATCH");
		assertThat(calls.get(1).path("path").asString()).isEqualTo("/Users/" + person);
		assertThat(calls.get(1).path("status").asInt()).isEqualTo(200);
		assertThat(shareFileSignIn(email, NEW_PASSWORD)).as("the new password signs in to ShareFile").isEqualTo(200);
		assertThat(world.shareFileRequestsAfter(mark))
			.anyMatch(request -> "POST".equals(request.path("method").asString())
					&& request.path("path").asString().contains("/ResetPassword"));
		List<AuditRecord> events = world.as(() -> audit.page("provisioning.set_password", null, 10));
		assertThat(events).hasSize(1);
		assertThat(events.get(0).targetId()).isEqualTo(person);
		assertThat(events.get(0).outcome()).isEqualTo("SUCCESS");
		assertThat(events.get(0).details()).doesNotContain(NEW_PASSWORD);
		for (String table : TABLES) {
			Integer rows = world
				.as(() -> jdbc.queryForObject("select count(*) from " + table + " t where t::text like ?",
						Integer.class, "%" + NEW_PASSWORD + "%"));
			assertThat(rows).as("rows of %s with the password", table).isZero();
		}
		// a second create of a person Okta already created through SCIM is the 409 Okta
		// expects; unknown → 404
		String token = world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));
		String create = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + email
				+ "\",\"active\":true}";
		assertThat(scim("POST", "/Users", token, create).statusCode()).isEqualTo(201);
		assertThat(scim("POST", "/Users", token, create).statusCode()).isEqualTo(409);
		assertThat(scim("GET", "/Users/00919288221112222", token, null).statusCode()).isEqualTo(404);
		HttpResponse<String> list = scim("GET", "/Users?startIndex=1&count=2", token, null);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(ProvisioningWorld.JSON.readTree(list.body()).path("totalResults").isInt()).isTrue();

		// the other shapes: PATCH with a path, PUT with the whole user, and active only
		// acknowledged
		String other = "Scim-Other-4Kd";
		assertThat(scim("PATCH", "/Users/" + person, token,
				"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
						+ "\"Operations\":[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"" + other + "\"}]}")
			.statusCode()).isEqualTo(200);
		assertThat(shareFileSignIn(email, other)).isEqualTo(200);
		assertThat(scim("PUT", "/Users/" + person, token,
				create.replace("\"active\":true", "\"active\":true,\"password\":\"" + NEW_PASSWORD + "\""))
			.statusCode()).isEqualTo(200);
		assertThat(shareFileSignIn(email, NEW_PASSWORD)).isEqualTo(200);
		assertThat(scim("PATCH", "/Users/" + person, token,
				"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
						+ "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")
			.statusCode()).isEqualTo(200);
		assertThat(ProvisioningWorld.disabled(world.shareFileUser(email))).as("the engine disables, not SCIM")
			.isFalse();
		for (String table : TABLES) {
			Integer rows = world
				.as(() -> jdbc.queryForObject("select count(*) from " + table + " t where t::text like ?",
						Integer.class, "%" + other + "%"));
			assertThat(rows).as("rows of %s with the other password", table).isZero();
		}
		assertThat(world.as(() -> audit.page("provisioning.set_password", null, 10))).hasSize(3)
			.allSatisfy(event -> assertThat(event.details()).doesNotContain(other).doesNotContain(NEW_PASSWORD));
	}

	@Test
	void aWrongBearerTokenIsRefusedAndSetsNothing() {
		aProvisionedPerson();
		world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));
		registerScim("not-the-token");
		long mark = world.mark();

		JsonNode calls = changePassword();

		assertThat(calls).hasSize(1);
		assertThat(calls.get(0).path("status").asInt()).isEqualTo(401);
		HttpResponse<String> refused = scim("GET", "/Users", "not-the-token", null);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
		assertThat(shareFileSignIn(email, NEW_PASSWORD)).isNotEqualTo(200);
		assertThat(world.shareFileRequestsAfter(mark))
			.noneMatch(request -> request.path("path").asString().contains("/ResetPassword"));
	}

	@Test
	void hostileFiltersGetAScimErrorAndWrongTokensAreThrottledAndOnRecord() {
		String token = world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN));
		String filter = "userName eq \"" + "\\\"".repeat(5_000) + "\"";
		HttpResponse<String> huge = scim("GET", "/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8),
				token, null);
		assertThat(huge.statusCode()).isEqualTo(400);
		assertThat(huge.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error").contains("\"invalidFilter\"");

		// the throttle counts per minute: start well inside one
		await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().getEpochSecond() % 60 < 45);
		Map<Integer, Integer> answers = new TreeMap<>();
		for (int i = 0; i < 35; i++) {
			answers.merge(scim("GET", "/Users", "wrong-" + i, null).statusCode(), 1, Integer::sum);
		}
		assertThat(answers).containsEntry(401, Refusals.PER_CLIENT_PER_MINUTE)
			.containsEntry(429, 35 - Refusals.PER_CLIENT_PER_MINUTE);
		refusals.summariseClosedWindows(Instant.now().plus(Duration.ofMinutes(10)));
		List<AuditRecord> oneByOne = world.as(() -> audit.page("scim.rejected", null, 100));
		assertThat(oneByOne).hasSize(10);
		List<AuditRecord> summaries = world.as(() -> audit.page("security.refusals_summarised", null, 10));
		assertThat(summaries).hasSize(1);
		assertThat(summaries.get(0).details()).contains("\"count\": 35").contains("\"source\": \"scim\"");
	}

	@Test
	void withPushPasswordUpdatesOffTheRequestIsAcknowledgedAndNothingSet() {
		aProvisionedPerson();
		world.configure(config -> new ProvisioningConfig(true,
				new ProvisioningConfig.Features(true, true, false, false, false, false), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(), config.groupPush(), config.importSettings(),
				config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes()));
		registerScim(world.as(() -> scimTokens.generate(ProvisioningWorld.ADMIN)));
		long mark = world.mark();

		JsonNode calls = changePassword();

		assertThat(calls.get(calls.size() - 1).path("status").asInt()).isEqualTo(200);
		assertThat(shareFileSignIn(email, NEW_PASSWORD)).isNotEqualTo(200);
		assertThat(world.shareFileRequestsAfter(mark))
			.noneMatch(request -> request.path("path").asString().contains("/ResetPassword"));
		assertThat(world.as(() -> audit.page("provisioning.set_password", null, 10))).isEmpty();
	}

	@Test
	void theConnectionsPageShowsTheBaseUrlAndAGeneratedTokenOnceToOwnersOnly() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
		FerryUser owner = TestUsers.user(world.tenant.oktaIssuer(), "00uowner", "owner@" + world.org + ".example",
				List.of(TestTenants.membership(world.tenant, Role.OWNER)));
		FerryUser auditor = TestUsers.user(world.tenant.oktaIssuer(), "00uaud", "auditor@" + world.org + ".example",
				List.of(TestTenants.membership(world.tenant, Role.AUDITOR)));
		String page = "/t/" + world.tenant.slug() + "/connections";
		String baseUrl = scimTokens.baseUrl(world.tenant.slug());

		String before = mvc.perform(get(page).with(authentication(TestUsers.authentication(owner))))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(before).contains("Password sync from Okta (SCIM)", baseUrl, "Generate token", "No token");
		assertThat(mvc.perform(get(page).with(authentication(TestUsers.authentication(auditor))))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains(baseUrl).doesNotContain("Generate token");
		assertThat(mvc
			.perform(post(page + "/scim/token").with(authentication(TestUsers.authentication(auditor))).with(csrf()))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(403);
		assertThat(world.as(() -> scimTokens.list())).isEmpty();

		MvcResult generated = mvc
			.perform(post(page + "/scim/token").with(authentication(TestUsers.authentication(owner))).with(csrf()))
			.andReturn();
		assertThat(generated.getResponse().getRedirectedUrl()).isEqualTo(page + "#scim");
		String token = (String) generated.getFlashMap().get("scimToken");
		assertThat(token).hasSizeGreaterThan(40);
		String shown = mvc
			.perform(
					get(page).flashAttrs(generated.getFlashMap()).with(authentication(TestUsers.authentication(owner))))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(shown).contains(token, "shown only once");
		assertThat(mvc.perform(get(page).with(authentication(TestUsers.authentication(owner))))
			.andReturn()
			.getResponse()
			.getContentAsString()).doesNotContain(token).contains("1 live token", "Never");
		// only the hash is kept, and the token works against the SCIM endpoint
		Integer stored = world
			.as(() -> jdbc.queryForObject("select count(*) from scim_credential t where t::text like ?", Integer.class,
					"%" + token + "%"));
		assertThat(stored).isZero();
		assertThat(scim("GET", "/Users?startIndex=1&count=2", token, null).statusCode()).isEqualTo(200);
		assertThat(world.as(() -> audit.page("connection.scim.token_generated", null, 10))).hasSize(1);

		assertThat(world.as(() -> scimTokens.list()).getFirst().lastUsedAt()).as("its use is noted").isNotNull();

		// a rotation: a second token works beside the first until the first is revoked
		MvcResult second = mvc
			.perform(post(page + "/scim/token").param("name", "Okta 2027")
				.with(authentication(TestUsers.authentication(owner)))
				.with(csrf()))
			.andReturn();
		String newToken = (String) second.getFlashMap().get("scimToken");
		assertThat(newToken).isNotEqualTo(token);
		assertThat(scim("GET", "/Users?startIndex=1&count=2", token, null).statusCode()).isEqualTo(200);
		assertThat(scim("GET", "/Users?startIndex=1&count=2", newToken, null).statusCode()).isEqualTo(200);
		java.util.UUID first = world.as(() -> scimTokens.list()).getFirst().id();

		// a live token is revoked only when the owner confirms
		MvcResult asked = mvc
			.perform(post(page + "/scim/token/" + first + "/revoke")
				.with(authentication(TestUsers.authentication(owner)))
				.with(csrf()))
			.andReturn();
		assertThat(asked.getFlashMap().get("scimRevoke")).isEqualTo(first);
		assertThat(mvc
			.perform(get(page).flashAttrs(asked.getFlashMap()).with(authentication(TestUsers.authentication(owner))))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("Revoke Token?", "Revoke the token", "Keep it", "Okta 2027");
		assertThat(scim("GET", "/Users?startIndex=1&count=2", token, null).statusCode()).as("still live")
			.isEqualTo(200);
		mvc.perform(post(page + "/scim/token/" + first + "/revoke").param("confirm", "true")
			.with(authentication(TestUsers.authentication(owner)))
			.with(csrf()));
		assertThat(scim("GET", "/Users?startIndex=1&count=2", token, null).statusCode()).isEqualTo(401);
		assertThat(scim("GET", "/Users?startIndex=1&count=2", newToken, null).statusCode()).isEqualTo(200);
		assertThat(world.as(() -> scimTokens.list())).extracting(ScimTokens.Token::name).containsExactly("Okta 2027");
		assertThat(world.as(() -> audit.page("connection.scim.token_revoked", null, 10))).hasSize(1);
	}

	private void registerScim(String token) {
		world.sandbox.control("PUT", "/sandbox/api/okta/" + world.org + "/apps/ShareFile/scim", "{\"baseUrl\":\""
				+ scimTokens.baseUrl(world.tenant.slug()) + "\",\"token\":\"" + token + "\",\"syncPassword\":true}");
	}

	/** The SCIM calls the sandbox's Okta made for the one app with SCIM. */
	private JsonNode changePassword() {
		JsonNode answer = ProvisioningWorld.JSON
			.readTree(world.sandbox.control("POST", "/sandbox/api/okta/" + world.org + "/users/" + person + "/password",
					"{\"password\":\"" + NEW_PASSWORD + "\"}"));
		assertThat(answer.path("scim").size()).as("pushed to one app").isEqualTo(1);
		return answer.path("scim").iterator().next();
	}

	/**
	 * The status of a ShareFile OAuth password grant in the sandbox with these
	 * credentials.
	 */
	private int shareFileSignIn(String username, String password) {
		String form = "grant_type=password&client_id=sandbox-client&client_secret=sandbox-secret&username="
				+ URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
		return send(HttpRequest.newBuilder(URI.create(world.sandbox.shareFileBaseUrl(world.org) + "/oauth/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))).statusCode();
	}

	private HttpResponse<String> scim(String method, String path, String token, String body) {
		return send(HttpRequest.newBuilder(URI.create(scimTokens.baseUrl(world.tenant.slug()) + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/scim+json")
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
