package dev.ferry.connection;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connector.SettingProblem;
import dev.ferry.connector.TestOutcome;
import dev.ferry.connector.ChangeHookOp.HookState;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.Sandbox;
import dev.ferry.test.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connections against the sandbox over real HTTP: each outcome a person can act on,
 * secrets never stored in the clear, nothing half-saved on bad input, and the identity
 * source's setup steps driven by its settings (Okta here): a service app signing in with
 * the key pair Ferry generates, the app picked from the org's list, and Ferry's event
 * hook registered and verified by Okta.
 */
@FerryIntegrationTest
class ConnectionsIT {

	static final AuditEntry.Actor ADMIN = AuditEntry.Actor.member("00utest", "Test Admin");

	@Autowired
	Connections connections;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	JdbcTemplate jdbc;

	Sandbox sandbox = Sandbox.get();

	Tenant tenant;

	@BeforeEach
	void tenant() {
		tenant = TestTenants.create(tenants, members, "conn", TenantKind.CUSTOMER, sandbox.oktaIssuer("acme"),
				"owner@acme.example");
	}

	@Test
	void shareFileOutcomesSayWhatToDo() {
		assertThat(
				shareFile(sandbox.shareFileBaseUrl("acme"), "sandbox-secret", "sf.admin@acme.example", "Ferry-demo-1"))
			.satisfies(outcome -> {
				assertThat(outcome.ok()).isTrue();
				assertThat(outcome.details()).anyMatch(detail -> detail.contains("licence"));
			});
		assertThat(
				shareFile(sandbox.shareFileBaseUrl("acme"), "sandbox-secret", "sf.admin@acme.example", "wrong-pass-1")
					.summary())
			.contains("rejected the admin username or password");
		assertThat(
				shareFile(sandbox.shareFileBaseUrl("acme"), "not-the-secret", "sf.admin@acme.example", "Ferry-demo-1")
					.summary())
			.contains("rejected the OAuth client id or secret");
		assertThat(shareFile(sandbox.oktaIssuer("acme"), "sandbox-secret", "sf.admin@acme.example", "Ferry-demo-1")
			.summary()).contains("did not answer like ShareFile's token endpoint");
		assertThat(shareFile(sandbox.baseUrl() + "/sharefile/no-such-account", "sandbox-secret",
				"sf.admin@acme.example", "Ferry-demo-1")
			.summary()).contains("Check the Base URL");
	}

	@Test
	void stepsTakenOutOfOrderAreRefusedWithWhatToDoFirst() {
		assertThatThrownBy(() -> TenantContext.run(tenant.id(), () -> connections.generateKey("privateJwk", ADMIN)))
			.isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.problem())
				.isEqualTo(Problem.of("connections.flash.source.saveFirst")));
		assertThatThrownBy(() -> TenantContext.run(tenant.id(), () -> connections.registerHook(ADMIN)))
			.isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.problem())
				.isEqualTo(Problem.of("connections.flash.source.testFirst")));
	}

	@Test
	void aShareFileUserWhoIsNotAnAdminIsNamedAsTheProblem() {
		sandbox.control("POST", "/sandbox/api/sharefile/acme/users", "{\"email\":\"plain.user." + tenant.slug()
				+ "@acme.example\",\"firstName\":\"Plain\",\"lastName\":\"User\",\"employee\":true,\"password\":\"Plain-pass-1\"}");
		TestOutcome outcome = shareFile(sandbox.shareFileBaseUrl("acme"), "sandbox-secret",
				"plain.user." + tenant.slug() + "@acme.example", "Plain-pass-1");
		assertThat(outcome.ok()).isFalse();
		assertThat(outcome.summary()).contains("is not a ShareFile administrator");
	}

	@Test
	void secretsAreEncryptedAtRestAndNeverStoredInTheClear() throws Exception {
		shareFile(sandbox.shareFileBaseUrl("acme"), "sandbox-secret", "sf.admin@acme.example", "Ferry-demo-1");
		try (var owner = TestServices.get().ownerConnection();
				var rows = owner.createStatement()
					.executeQuery("select secrets->>'clientSecret', secrets->>'adminPassword' from target_connection "
							+ "where tenant_id = '" + tenant.id() + "'")) {
			rows.next();
			assertThat(rows.getString(1)).startsWith("v1:test:").doesNotContain("sandbox-secret");
			assertThat(rows.getString(2)).startsWith("v1:test:").doesNotContain("Ferry-demo-1");
		}
		String audit = TenantContext.call(tenant.id(),
				() -> String.join("\n", jdbc.queryForList("select details::text from audit_event", String.class)));
		assertThat(audit).contains("\"clientSecret\": \"changed\"")
			.doesNotContain("sandbox-secret")
			.doesNotContain("Ferry-demo-1");
	}

	@Test
	void badOrHostileInputIsRefusedWithNothingSaved() {
		List<Map<String, String>> bad = List.of(
				shareFileForm("http://169.254.169.254/latest/meta-data", "c", "s", "a@b.example", "p"),
				shareFileForm("javascript:alert(1)", "c", "s", "a@b.example", "p"),
				shareFileForm("https://acme.sharefile.com", "c".repeat(300), "s", "a@b.example", "p"),
				shareFileForm("https://acme.sharefile.com", "c", "s", "not-an-email", "p"),
				shareFileForm("https://acme.sharefile.com", "c\u0000id", "s", "a@b.example", "p"),
				shareFileForm("https://acme.sharefile.com", "", "", "", ""));
		for (Map<String, String> form : bad) {
			Map<String, SettingProblem> problems = TenantContext.call(tenant.id(),
					() -> connections.saveTarget("sharefile", form, ADMIN));
			assertThat(problems).as(form.toString()).isNotEmpty();
		}
		assertThat(TenantContext.call(tenant.id(), () -> connections.target())).isEmpty();
		long rejected = TenantContext.call(tenant.id(), () -> jdbc.queryForObject(
				"select count(*) from audit_event where action = 'connection.sharefile.rejected'", Long.class));
		assertThat(rejected).isEqualTo(bad.size());
	}

	@Test
	void anOktaApiTokenIsTestedAndTheShareFileAppChosen() {
		Map<String, SettingProblem> problems = TenantContext.call(tenant.id(), () -> connections.saveSource("okta",
				okta(sandbox.oktaIssuer("acme"), "SSWS", "sandbox-token-acme", ""), ADMIN));
		assertThat(problems).isEmpty();
		TestOutcome outcome = TenantContext.call(tenant.id(), () -> connections.testSource(ADMIN));
		assertThat(outcome.ok()).as(outcome.summary()).isTrue();
		var app = TenantContext.call(tenant.id(), () -> connections.options("appId"))
			.stream()
			.filter(candidate -> candidate.label().equals("ShareFile"))
			.findFirst()
			.orElseThrow();
		TenantContext.run(tenant.id(), () -> connections.pick("appId", app.id(), ADMIN));
		assertThat(TenantContext.call(tenant.id(), () -> connections.source()).orElseThrow().value("appId"))
			.isEqualTo(app.id());
		assertThat(TenantContext.call(tenant.id(), () -> connections.sourceSettings()))
			.as("complete once the app is picked")
			.hasValueSatisfying(settings -> assertThat(settings.get("appId")).isEqualTo(app.id()));
		assertThatThrownBy(() -> TenantContext.run(tenant.id(), () -> connections.pick("appId", "0oanotthere", ADMIN)))
			.isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.problem())
				.isEqualTo(Problem.of("connections.flash.source.unknownOption")));

		TenantContext.run(tenant.id(), () -> connections.saveSource("okta",
				okta(sandbox.oktaIssuer("acme"), "SSWS", "not-a-token", ""), ADMIN));
		TestOutcome bad = TenantContext.call(tenant.id(), () -> connections.testSource(ADMIN));
		assertThat(bad.ok()).isFalse();
		assertThat(bad.summary()).contains("401").contains("Check the API token");
	}

	@Test
	void anOktaServiceAppSignsInWithTheKeyPairFerryGenerated() {
		String clientId = "0oaferry" + tenant.slug().replace("-", "").substring(0, 12);
		TenantContext.run(tenant.id(), () -> connections.saveSource("okta",
				okta(sandbox.oktaIssuer("acme"), "SERVICE_APP", "", clientId), ADMIN));
		assertThat(TenantContext.call(tenant.id(), () -> connections.testSource(ADMIN)).summary())
			.as("nothing to sign in with before the key pair is generated")
			.startsWith("Save the connection first");
		String publicJwk = TenantContext.call(tenant.id(), () -> connections.generateKey("privateJwk", ADMIN));
		assertThat(publicJwk).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
		TestOutcome unregistered = TenantContext.call(tenant.id(), () -> connections.testSource(ADMIN));
		assertThat(unregistered.ok()).isFalse();
		assertThat(unregistered.summary()).contains("invalid_client");

		sandbox.control("POST", "/sandbox/api/okta/acme/service-apps",
				"{\"clientId\":\"" + clientId + "\",\"label\":\"Ferry\",\"publicJwk\":" + publicJwk
						+ ",\"grantedScopes\":[\"okta.users.read\","
						+ "\"okta.users.manage\",\"okta.groups.read\",\"okta.apps.read\",\"okta.logs.read\","
						+ "\"okta.eventHooks.manage\",\"okta.inlineHooks.manage\"]}");
		TestOutcome outcome = TenantContext.call(tenant.id(), () -> connections.testSource(ADMIN));
		assertThat(outcome.ok()).as(outcome.summary()).isTrue();
	}

	@Test
	void ferrysEventHookIsRegisteredAndVerifiedByOkta() {
		TenantContext.run(tenant.id(), () -> connections.saveSource("okta",
				okta(sandbox.oktaIssuer("acme"), "SSWS", "sandbox-token-acme", ""), ADMIN));
		HookState state = TenantContext.call(tenant.id(), () -> connections.registerHook(ADMIN));
		assertThat(state.receiving()).as(state.toString()).isTrue();
		assertThat(TenantContext.call(tenant.id(), () -> connections.source()).orElseThrow().state("hook.status"))
			.isEqualTo("ACTIVE / VERIFIED");
		assertThat(TenantContext.call(tenant.id(), () -> connections.hookReceiving())).isTrue();
		assertThat(TenantContext.call(tenant.id(), () -> connections.hookSecret())).get()
			.asString()
			.startsWith("Ferry ");
	}

	@Test
	void storedSecretsAreNeverSentToANewAddress() {
		shareFile(sandbox.shareFileBaseUrl("acme"), "sandbox-secret", "sf.admin@acme.example", "Ferry-demo-1");
		Map<String, SettingProblem> moved = TenantContext.call(tenant.id(), () -> connections.saveTarget("sharefile",
				shareFileForm("https://elsewhere.sharefile.com", "sandbox-client", "", "sf.admin@acme.example", ""),
				ADMIN));
		assertThat(moved).containsOnlyKeys("clientSecret", "adminPassword");
		assertThat(moved.get("clientSecret").code()).isEqualTo("connection.problem.enterAgain");
		assertThat(TenantContext.call(tenant.id(), () -> connections.target()).orElseThrow().value("baseUrl"))
			.isEqualTo(sandbox.shareFileBaseUrl("acme"));
		// the same address with another path keeps them; a new one with the secrets given
		// takes them
		assertThat(TenantContext.call(tenant.id(),
				() -> connections.saveTarget("sharefile", shareFileForm(sandbox.shareFileBaseUrl("acme") + "/",
						"sandbox-client", "", "sf.admin@acme.example", ""), ADMIN)))
			.isEmpty();
		assertThat(
				TenantContext.call(tenant.id(),
						() -> connections.saveTarget("sharefile", shareFileForm("https://elsewhere.sharefile.com",
								"sandbox-client", "new-secret", "sf.admin@acme.example", "new-password-1"), ADMIN)))
			.isEmpty();
		assertThat(TenantContext.call(tenant.id(), () -> connections.targetSettings()).orElseThrow())
			.satisfies(settings -> {
				assertThat(settings.get("clientSecret")).isEqualTo("new-secret");
				assertThat(settings.get("adminPassword")).isEqualTo("new-password-1");
			});

		// Okta: a token entered for one org is forgotten when the org changes, whatever
		// mode is chosen, and
		// so is the hooks' secret the old org holds
		TenantContext.run(tenant.id(), () -> connections.saveSource("okta",
				okta(sandbox.oktaIssuer("acme"), "SSWS", "sandbox-token-acme", ""), ADMIN));
		TenantContext.run(tenant.id(), () -> connections.registerHook(ADMIN));
		String app = TenantContext.call(tenant.id(), () -> connections.options("appId")).getFirst().id();
		TenantContext.run(tenant.id(), () -> connections.pick("appId", app, ADMIN));
		TenantContext.run(tenant.id(), () -> connections.generateKey("privateJwk", ADMIN));
		String oldSecret = TenantContext.call(tenant.id(), () -> connections.hookSecret()).orElseThrow();
		assertThat(TenantContext.call(tenant.id(),
				() -> connections.saveSource("okta", okta("https://other.okta.com", "SSWS", "", ""), ADMIN)))
			.as("a token entered for the old address is not sent to the new one")
			.containsEntry("apiToken", SettingProblem.of("apiToken", "connection.problem.enterAgain"));
		assertThat(TenantContext.call(tenant.id(), () -> connections.saveSource("okta",
				okta("https://other.okta.com", "SERVICE_APP", "", "0oaother"), ADMIN)))
			.isEmpty();
		assertThat(TenantContext.call(tenant.id(), () -> connections.hookSecret())).isEmpty();
		assertThat(TenantContext.call(tenant.id(), () -> connections.source()).orElseThrow()).satisfies(source -> {
			assertThat(source.value("appId")).as("the app picked in the old org means nothing in the new").isEmpty();
			assertThat(source.state("hook.id")).isNull();
			assertThat(source.secretSet("privateJwk")).as("a generated key is never sent anywhere: kept").isTrue();
			assertThat(source.secretSet("apiToken")).isFalse();
		});
		assertThat(TenantContext.call(tenant.id(), () -> connections.hookAuthorized(oldSecret))).isFalse();
		assertThat(TenantContext.call(tenant.id(),
				() -> connections.saveSource("okta", okta("https://other.okta.com", "SSWS", "", ""), ADMIN)))
			.containsKey("apiToken");
	}

	private TestOutcome shareFile(String baseUrl, String secret, String admin, String password) {
		return TenantContext.call(tenant.id(), () -> {
			Map<String, SettingProblem> problems = connections.saveTarget("sharefile",
					shareFileForm(baseUrl, "sandbox-client", secret, admin, password), ADMIN);
			assertThat(problems).isEmpty();
			return connections.testTarget(ADMIN);
		});
	}

	private static Map<String, String> okta(String orgUrl, String mode, String apiToken, String clientId) {
		return Map.of("orgUrl", orgUrl, "mode", mode, "apiToken", apiToken, "clientId", clientId);
	}

	private static Map<String, String> shareFileForm(String baseUrl, String clientId, String clientSecret,
			String adminUsername, String adminPassword) {
		Map<String, String> form = new java.util.LinkedHashMap<>();
		form.put("baseUrl", baseUrl);
		form.put("clientId", clientId);
		form.put("clientSecret", clientSecret);
		form.put("adminUsername", adminUsername);
		form.put("adminPassword", adminPassword);
		return form;
	}

}
