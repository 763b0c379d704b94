package dev.ferry.connection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SettingOption;
import dev.ferry.connector.SettingProblem;
import dev.ferry.connector.SourceConnectorFactory;
import dev.ferry.connector.TestOutcome;
import dev.ferry.connector.ThrottleSource;
import dev.ferry.memorytarget.MemoryTargetConnector;
import dev.ferry.portal.Flash;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.system.SecretBox;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.Role;
import dev.ferry.test.PortalSlice;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
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
 * The Connections page's decisions, without Okta, ShareFile or a database: a refused
 * source form (rendered from the connector's settings) is shown again with its problems,
 * a saved one redirects with the flash, a test answers htmx with a fragment and a plain
 * post with a redirect, refusals come back through the portal's one advice, and only
 * those who manage connections change them.
 */
@PortalSlice(ConnectionsController.class)
class ConnectionsControllerTest {

	/**
	 * Okta's settings as its connector declares them: the page and the controller know no
	 * more than this.
	 */
	static final SourceConnectorFactory SOURCE = new SourceConnectorFactory() {

		@Override
		public String kind() {
			return "okta";
		}

		@Override
		public List<SettingField> settings() {
			return List.of(SettingField.url("orgUrl"), SettingField.choice("mode", "SSWS", "SERVICE_APP"),
					SettingField.secret("apiToken").onlyWhen("mode", "SSWS"),
					SettingField.text("clientId").onlyWhen("mode", "SERVICE_APP"),
					SettingField.generatedKey("privateJwk").onlyWhen("mode", "SERVICE_APP"),
					SettingField.picked("appId"));
		}

		@Override
		public IdentitySource open(ConnectorSettings settings, ThrottleSource throttles) {
			throw new UnsupportedOperationException("a slice opens nothing");
		}

	};

	/** SCIM push: no settings, people come from the identity provider. */
	static final SourceConnectorFactory SCIM = new SourceConnectorFactory() {

		@Override
		public String kind() {
			return "scim";
		}

		@Override
		public List<SettingField> settings() {
			return List.of();
		}

		@Override
		public IdentitySource open(ConnectorSettings settings, ThrottleSource throttles) {
			throw new UnsupportedOperationException("a slice opens nothing");
		}

	};

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	Connections connections;

	@MockitoBean
	ScimTokens scimTokens;

	@MockitoBean
	ScimOAuthClients oauthClients;

	@MockitoBean
	ScimTraffic scimTraffic;

	static final ScimTraffic.Summary QUIET = new ScimTraffic.Summary(null, null, 0, 0, 0, 0);

	/**
	 * A form waiting for confirmation is sealed with a real key, as in the application.
	 */
	@TestConfiguration
	@Import(PendingReplacements.class)
	static class Sealing {

		@Bean
		SecretBox secretBox() {
			byte[] key = new byte[32];
			new java.security.SecureRandom().nextBytes(key);
			return new SecretBox(Map.of("k1", java.util.Base64.getEncoder().encodeToString(key)), "k1");
		}

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

	SignedIn admin;

	@BeforeEach
	void acme() {
		admin = SignedIn.as(Role.ADMIN, "acme", seats);
		given(connections.targetKinds()).willReturn(List.of(new MemoryTargetConnector()));
		given(connections.sourceKinds()).willReturn(List.of(SOURCE));
		given(connections.hookUri("acme")).willReturn(Optional.of("https://ferry.example.test/hooks/okta/acme"));
		given(scimTokens.baseUrl("acme")).willReturn("https://ferry.example.test/scim/v2/acme");
		given(scimTraffic.summary()).willReturn(QUIET);
	}

	@Test
	void anAdminSeesTheConnectionsAndMayChangeThem() throws Exception {
		mvc.perform(get("/t/acme/connections").with(admin))
			.andExpect(status().isOk())
			.andExpect(view().name("connections/page"))
			.andExpect(model().attribute("canChange", true))
			.andExpect(model().attribute("sourceFactory", SOURCE))
			.andExpect(model().attribute("sourceValues", Map.of()))
			// the form is the connector's entered settings; the key and the app are steps
			// after saving
			.andExpect(content().string(containsString("id=\"okta-orgUrl\"")))
			.andExpect(content().string(containsString("id=\"okta-apiToken\"")))
			.andExpect(content().string(not(containsString("name=\"privateJwk\""))))
			.andExpect(content().string(not(containsString("name=\"appId\""))));
	}

	@Test
	void aSourceFormWithBadFieldsIsShownAgainWithItsProblemsAndWithoutTheToken() throws Exception {
		Map<String, SettingProblem> problems = Map.of("orgUrl",
				SettingProblem.of("orgUrl", "connection.problem.required"), "apiToken",
				SettingProblem.of("apiToken", "connection.problem.required"));
		given(connections.saveSource(any(), any(), anyBoolean(), any())).willReturn(problems);
		mvc.perform(post("/t/acme/connections/source/okta").with(admin)
			.param("orgUrl", "")
			.param("mode", "SSWS")
			.param("apiToken", "typed-token-1")
			.param("clientId", ""))
			.andExpect(status().isOk())
			.andExpect(view().name("connections/page"))
			.andExpect(model().attribute("sourceErrors", problems))
			.andExpect(model().attribute("sourceValues", Map.of("orgUrl", "", "mode", "SSWS", "clientId", "")))
			.andExpect(model().attribute(Flash.ATTRIBUTE,
					Flash.error("connections.flash.invalid", new DefaultMessageSourceResolvable("connector.okta"))))
			.andExpect(flash().attributeCount(0))
			.andExpect(content().string(containsString("The Okta connection was not saved")))
			// a typed secret is never sent back
			.andExpect(content().string(not(containsString("typed-token-1"))));
		verify(connections).saveSource("okta",
				Map.of("orgUrl", "", "mode", "SSWS", "apiToken", "typed-token-1", "clientId", ""), false,
				admin.actor());
	}

	@Test
	void onlyTheConnectorsEnteredSettingsAreRead() throws Exception {
		given(connections.saveSource(any(), any(), anyBoolean(), any()))
			.willReturn(Map.of("mode", SettingProblem.of("mode", "connection.problem.choice")));
		mvc.perform(post("/t/acme/connections/source/okta").with(admin)
			.param("orgUrl", "https://acme.okta.com")
			.param("mode", "<script>")
			// set only by their own steps, never by a posted form
			.param("appId", "0oaother")
			.param("privateJwk", "{\"d\":\"forged\"}")
			.param("tenant", "globex"))
			.andExpect(view().name("connections/page"))
			.andExpect(content().string(containsString("Choose one of the options.")));
		verify(connections).saveSource("okta",
				Map.of("orgUrl", "https://acme.okta.com", "mode", "<script>", "apiToken", "", "clientId", ""), false,
				admin.actor());
	}

	@Test
	void aGoodSourceFormRedirectsToItsSectionAndAnUnknownKindIsNotFound() throws Exception {
		given(connections.saveSource(any(), any(), anyBoolean(), any())).willReturn(Map.of());
		mvc.perform(post("/t/acme/connections/source/okta").with(admin)
			.param("orgUrl", "https://acme.okta.com")
			.param("mode", "SSWS")
			.param("apiToken", "token-1"))
			.andExpect(redirectedUrl("/t/acme/connections#source"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE,
					Flash.success("connections.flash.saved", new DefaultMessageSourceResolvable("connector.okta"))));
		mvc.perform(post("/t/acme/connections/source/nope").with(admin).param("orgUrl", "https://acme.okta.com"))
			.andExpect(status().isNotFound());
		verify(connections).saveSource(any(), any(), anyBoolean(), any());
	}

	@Test
	void aTestAnswersHtmxWithTheOutcomeFragmentAndAPlainPostWithARedirect() throws Exception {
		TestOutcome outcome = TestOutcome.passed("Connected as Ada.", List.of());
		given(connections.testSource(admin.actor())).willReturn(outcome);
		mvc.perform(post("/t/acme/connections/source/test").with(admin).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name("connections/page :: outcome"))
			.andExpect(model().attribute("outcome", outcome))
			.andExpect(content().string(containsString("Connected as Ada.")));
		mvc.perform(post("/t/acme/connections/source/test").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections#source"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success(Flash.DETAIL, "Connected as Ada.")));

		given(connections.testSource(admin.actor())).willReturn(TestOutcome.failed("Okta said 401."));
		mvc.perform(post("/t/acme/connections/source/test").with(admin))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error(Flash.DETAIL, "Okta said 401.")));
	}

	@Test
	void aRefusalIsFlashedOnTheConnectionsPageOrForHtmxShownInTheFlashArea() throws Exception {
		willThrow(new Refusal("connections.flash.source.saveFirst")).given(connections)
			.generateKey(eq("privateJwk"), any());
		mvc.perform(post("/t/acme/connections/source/key/privateJwk").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("connections.flash.source.saveFirst")));
		mvc.perform(post("/t/acme/connections/source/key/privateJwk").with(admin).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name("fragments/layout :: flashMessage"))
			.andExpect(header().string("HX-Retarget", "#flash"))
			.andExpect(header().string("HX-Reswap", "innerHTML"))
			.andExpect(model().attribute(Flash.ATTRIBUTE, Flash.error("connections.flash.source.saveFirst")))
			.andExpect(content().string(containsString("Save the connection first.")));
	}

	@Test
	void thePickedSettingsOptionsComeAsAFragmentAndAPickRedirects() throws Exception {
		given(connections.options("appId")).willReturn(List.of(new SettingOption("0oa1", "ShareFile")));
		mvc.perform(get("/t/acme/connections/source/options/appId").with(admin).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name("connections/page :: options"))
			.andExpect(content().string(containsString("ShareFile (0oa1)")));
		mvc.perform(post("/t/acme/connections/source/pick/appId").with(admin).param("id", "0oa1"))
			.andExpect(redirectedUrl("/t/acme/connections#source"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("connections.flash.source.picked")));
		verify(connections).pick("appId", "0oa1", admin.actor());
	}

	@Test
	void aMemberWhoDoesNotManageConnectionsSeesThePageButChangesNothing() throws Exception {
		SignedIn operator = SignedIn.as(Role.OPERATOR, "acme", seats);
		mvc.perform(get("/t/acme/connections").with(operator))
			.andExpect(status().isOk())
			.andExpect(model().attribute("canChange", false));
		// RequiresPermission: 403, the organisation exists for them
		mvc.perform(post("/t/acme/connections/source/okta").with(operator).param("orgUrl", "https://evil.example"))
			.andExpect(status().isForbidden());
		mvc.perform(post("/t/acme/connections/source/key/privateJwk").with(operator)).andExpect(status().isForbidden());
		mvc.perform(post("/t/acme/connections/source/pick/appId").with(operator).param("id", "0oaevil"))
			.andExpect(status().isForbidden());
		mvc.perform(post("/t/acme/connections/scim/token").with(operator)).andExpect(status().isForbidden());
		mvc.perform(post("/t/acme/connections/target/replace").param("confirm", "true").with(operator))
			.andExpect(status().isForbidden());
		mvc.perform(post("/t/acme/connections/source/replace").param("confirm", "true").with(operator))
			.andExpect(status().isForbidden());
		mvc.perform(post("/t/acme/connections/scim/token/" + java.util.UUID.randomUUID() + "/revoke")
			.param("confirm", "true")
			.with(operator)).andExpect(status().isForbidden());
		verify(connections, never()).saveSource(any(), any(), anyBoolean(), any());
		verify(connections, never()).generateKey(any(), any());
		verify(connections, never()).pick(any(), any(), any());
		verify(scimTokens, never()).generate(any(), any());
		verify(scimTokens, never()).revoke(any(), any());
	}

	@Test
	void anotherOrganisationAndTheSignedOutGetNotFound() throws Exception {
		// a member of acme only: globex is not there for them
		mvc.perform(get("/t/globex/connections").with(admin)).andExpect(status().isNotFound());
		mvc.perform(get("/t/acme/connections").with(SignedIn.nobody())).andExpect(status().isNotFound());
		verify(connections, never()).targetKinds();
	}

	@Test
	void aGeneratedScimTokenIsFlashedForTheNextPageOnly() throws Exception {
		given(scimTokens.generate("Token", admin.actor())).willReturn("scim-token-1");
		mvc.perform(post("/t/acme/connections/scim/token").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections#scim"))
			.andExpect(flash().attribute("scimToken", "scim-token-1"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("connections.flash.scim.generated")));
	}

	@Test
	void aScimTokenIsRevokedOnlyOnceTheAdminConfirms() throws Exception {
		java.util.UUID id = java.util.UUID.randomUUID();
		mvc.perform(post("/t/acme/connections/scim/token/" + id + "/revoke").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections#scim"))
			.andExpect(flash().attribute("scimRevoke", id));
		verify(scimTokens, never()).revoke(any(), any());

		given(scimTokens.revoke(id, admin.actor())).willReturn(true);
		mvc.perform(post("/t/acme/connections/scim/token/" + id + "/revoke").param("confirm", "true").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections#scim"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("connections.flash.scim.revoked")));
		given(scimTokens.revoke(id, admin.actor())).willReturn(false);
		mvc.perform(post("/t/acme/connections/scim/token/" + id + "/revoke").param("confirm", "true").with(admin))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("connections.flash.scim.gone")));
		mvc.perform(post("/t/acme/connections/scim/token/not-an-id/revoke").param("confirm", "true").with(admin))
			.andExpect(status().isBadRequest());
	}

	@Test
	void liveScimTokensAreListedWithTheirLastUseButNeverTheirValues() throws Exception {
		given(scimTokens.list()).willReturn(List.of(
				new ScimTokens.Token(java.util.UUID.randomUUID(), "Okta",
						java.time.Instant.parse("2026-12-01T09:00:00Z"), "Ada",
						java.time.Instant.parse("2026-12-06T10:15:00Z")),
				new ScimTokens.Token(java.util.UUID.randomUUID(), "Entra ID",
						java.time.Instant.parse("2026-12-05T09:00:00Z"), "Ada", null)));
		mvc.perform(get("/t/acme/connections").with(admin))
			.andExpect(content().string(containsString("2 live tokens")))
			.andExpect(content().string(containsString("2026-12-06 10:15")))
			.andExpect(content().string(containsString("Generate another token")))
			.andExpect(content().string(containsString("Revoke Entra ID")));
	}

	@Test
	void anOAuthClientsSecretIsShownOnceAndItIsRevokedOnlyOnceTheAdminConfirms() throws Exception {
		given(connections.sourceKinds()).willReturn(List.of(SOURCE, SCIM));
		given(connections.source())
			.willReturn(Optional.of(new StoredConnection("scim", Map.of(), java.util.Set.of(), Map.of(), null)));
		given(scimTokens.tokenUrl("acme")).willReturn("https://ferry.example.test/scim/oauth/acme/token");
		given(oauthClients.create(eq("Entra ID"), any()))
			.willReturn(new ScimOAuthClients.NewClient("ferry-scim-abc", "the-secret-shown-once"));
		var created = mvc.perform(post("/t/acme/connections/scim/oauth").param("name", "Entra ID").with(admin))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/t/acme/connections#scim-oauth"))
			.andReturn();
		mvc.perform(get("/t/acme/connections").with(admin).flashAttrs(created.getFlashMap()))
			.andExpect(content().string(containsString("the-secret-shown-once")))
			.andExpect(content().string(containsString("https://ferry.example.test/scim/oauth/acme/token")));
		// the next view no longer has it
		mvc.perform(get("/t/acme/connections").with(admin))
			.andExpect(content().string(not(containsString("the-secret-shown-once"))));

		java.util.UUID id = java.util.UUID.randomUUID();
		given(oauthClients.list()).willReturn(List.of(new ScimOAuthClients.Client(id, "Entra ID", "ferry-scim-abc",
				java.time.Instant.parse("2026-12-01T09:00:00Z"), "Ada", null)));
		var asked = mvc.perform(post("/t/acme/connections/scim/oauth/" + id + "/revoke").with(admin))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		org.mockito.Mockito.verify(oauthClients, org.mockito.Mockito.never()).revoke(any(), any());
		mvc.perform(get("/t/acme/connections").with(admin).flashAttrs(asked.getFlashMap()))
			.andExpect(content().string(containsString("Revoke Entra ID? Its tokens stop working at once.")));
		given(oauthClients.revoke(eq(id), any())).willReturn(true);
		mvc.perform(post("/t/acme/connections/scim/oauth/" + id + "/revoke").param("confirm", "true").with(admin))
			.andExpect(status().is3xxRedirection());
		org.mockito.Mockito.verify(oauthClients).revoke(eq(id), any());
	}

	@Test
	void switchingTheSourceShowsItsDryRunAndSavesOnlyOnceConfirmed() throws Exception {
		given(connections.sourceKinds()).willReturn(List.of(SOURCE, SCIM));
		given(connections.switchEffects("scim"))
			.willReturn(List.of(dev.ferry.system.Problem.of("connections.source.switch.effect", 12L, "a@acme.test")));
		mvc.perform(post("/t/acme/connections/source/scim").with(admin))
			.andExpect(status().isOk())
			.andExpect(view().name("connections/page"))
			.andExpect(content().string(
					containsString("12 accounts are linked to people of the current identity source (a@acme.test, …)")))
			.andExpect(content().string(containsString("name=\"switchConfirmed\"")));
		verify(connections, never()).saveSource(any(), any(), anyBoolean(), any());

		given(connections.saveSource(any(), any(), anyBoolean(), any())).willReturn(Map.of());
		mvc.perform(post("/t/acme/connections/source/scim").param("switchConfirmed", "true").with(admin))
			.andExpect(status().is3xxRedirection());
		verify(connections).saveSource("scim", Map.of(), true, admin.actor());
	}

	@Test
	void theScimCardShowsTheLastRequestAndTheLastDaysErrors() throws Exception {
		given(scimTraffic.summary()).willReturn(new ScimTraffic.Summary(
				new ScimTraffic.Request(Instant.parse("2026-12-06T10:15:03Z"), "GET", "/Users", 200, "Okta", "Okta",
						null),
				new ScimTraffic.Request(Instant.parse("2026-12-06T10:14:00Z"), "POST", "/Users", 401,
						"Microsoft Entra ID", null, "The bearer token is not this organisation's SCIM token."),
				12, 4, 1, 3));
		mvc.perform(get("/t/acme/connections").with(admin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("2026-12-06 10:15:03 UTC")))
			.andExpect(content().string(containsString("<code>GET /Users</code>")))
			.andExpect(content().string(containsString("data-count=\"requests\">12<")))
			.andExpect(content().string(containsString("data-count=\"client-errors\" class=\"count-bad\">4<")))
			.andExpect(content().string(containsString("data-count=\"auth-failures\" class=\"count-bad\">3<")))
			.andExpect(content().string(containsString("data-count=\"server-errors\" class=\"count-bad\">1<")))
			// (4 + 1) of 12
			.andExpect(content().string(containsString("41.7 %")))
			.andExpect(
					content().string(containsString("Most recent error: 401 at 2026-12-06 10:14:00 UTC (POST /Users)")))
			.andExpect(content().string(containsString("Authentication failed: the identity provider sent no token")))
			.andExpect(content().string(containsString("not this organisation&#39;s SCIM token.")))
			.andExpect(content().string(not(containsString("Nothing has called this SCIM endpoint yet"))));
	}

	@Test
	void beforeAnyRequestTheScimCardSaysSo() throws Exception {
		mvc.perform(get("/t/acme/connections").with(admin))
			.andExpect(content().string(containsString("Nothing has called this SCIM endpoint yet")))
			.andExpect(content().string(not(containsString("Most recent error"))));
	}

	@Test
	void aScimSourceShowsEachIdentityProvidersStepsWithThisOrganisationsBaseUrl() throws Exception {
		given(connections.source())
			.willReturn(Optional.of(new StoredConnection("scim", Map.of(), java.util.Set.of(), Map.of(), null)));
		given(connections.sourceKinds()).willReturn(List.of(SOURCE, SCIM));
		mvc.perform(get("/t/acme/connections").with(admin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<summary>Okta</summary>")))
			.andExpect(content().string(containsString("<summary>Microsoft Entra ID</summary>")))
			.andExpect(content().string(containsString("<summary>OneLogin</summary>")))
			.andExpect(content().string(containsString("<summary>JumpCloud</summary>")))
			.andExpect(
					content().string(containsString("SCIM connector base URL https://ferry.example.test/scim/v2/acme")))
			.andExpect(content().string(containsString("Tenant URL: https://ferry.example.test/scim/v2/acme")))
			.andExpect(content().string(containsString("SCIM Base URL https://ferry.example.test/scim/v2/acme")))
			.andExpect(content().string(containsString("Base URL https://ferry.example.test/scim/v2/acme")))
			.andExpect(content().string(containsString("aadOptscim062020")))
			.andExpect(content().string(containsString("creates a test user and a test group")))
			// every step's key exists
			.andExpect(content().string(not(containsString("??"))));
	}

	@Test
	void savingOverAStoredSecretWaitsForConfirmationAndKeepsTheTypedValueOutOfThePage() throws Exception {
		given(connections.source()).willReturn(
				Optional.of(new StoredConnection("okta", Map.of("orgUrl", "https://acme.okta.com", "mode", "SSWS"),
						java.util.Set.of("apiToken"), Map.of(), null)));
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/t/acme/connections/source/okta").with(admin)
			.session(session)
			.param("orgUrl", "https://acme.okta.com")
			.param("mode", "SSWS")
			.param("apiToken", "typed-token-2"))
			.andExpect(redirectedUrl("/t/acme/connections#source"))
			.andExpect(flash().attribute("replaceSide", "source"))
			.andExpect(flash().attribute("replaceFields", List.of("apiToken")));
		verify(connections, never()).saveSource(any(), any(), anyBoolean(), any());
		// the session (kept in Redis) holds the typed secret only sealed
		java.util.Collections.list(session.getAttributeNames())
			.forEach(name -> org.assertj.core.api.Assertions.assertThat(String.valueOf(session.getAttribute(name)))
				.doesNotContain("typed-token-2"));

		mvc.perform(get("/t/acme/connections").with(admin)
			.flashAttr("replaceSide", "source")
			.flashAttr("replaceKind", "okta")
			.flashAttr("replaceFields", List.of("apiToken")))
			.andExpect(content().string(containsString("Replace the stored secrets of the Okta connection?")))
			.andExpect(content().string(containsString("<li>API token</li>")))
			.andExpect(content().string(not(containsString("typed-token-2"))));

		given(connections.saveSource(any(), any(), anyBoolean(), any())).willReturn(Map.of());
		mvc.perform(post("/t/acme/connections/source/replace").with(admin).session(session).param("confirm", "true"))
			.andExpect(redirectedUrl("/t/acme/connections#source"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE,
					Flash.success("connections.flash.saved", new DefaultMessageSourceResolvable("connector.okta"))));
		verify(connections).saveSource("okta",
				Map.of("orgUrl", "https://acme.okta.com", "mode", "SSWS", "apiToken", "typed-token-2", "clientId", ""),
				false, admin.actor());
		// answered once: nothing waits any more
		mvc.perform(post("/t/acme/connections/source/replace").with(admin).session(session).param("confirm", "true"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("connections.flash.replace.gone")));
	}

	@Test
	void keepingTheStoredSecretsSavesNothingAndAFormWithoutNewSecretsSavesAtOnce() throws Exception {
		given(connections.source()).willReturn(
				Optional.of(new StoredConnection("okta", Map.of("orgUrl", "https://acme.okta.com", "mode", "SSWS"),
						java.util.Set.of("apiToken"), Map.of(), null)));
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/t/acme/connections/source/okta").with(admin)
			.session(session)
			.param("orgUrl", "https://acme.okta.com")
			.param("mode", "SSWS")
			.param("apiToken", "typed-token-3")).andExpect(flash().attribute("replaceSide", "source"));
		mvc.perform(post("/t/acme/connections/source/replace").with(admin).session(session))
			.andExpect(redirectedUrl("/t/acme/connections#source"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("connections.flash.replace.kept")));
		verify(connections, never()).saveSource(any(), any(), anyBoolean(), any());

		// the stored token left empty: kept as it is, nothing to confirm
		given(connections.saveSource(any(), any(), anyBoolean(), any())).willReturn(Map.of());
		mvc.perform(post("/t/acme/connections/source/okta").with(admin)
			.param("orgUrl", "https://acme2.okta.com")
			.param("mode", "SSWS")
			.param("apiToken", ""))
			.andExpect(redirectedUrl("/t/acme/connections#source"))
			.andExpect(flash().attributeCount(1));
		verify(connections).saveSource(eq("okta"), any(), anyBoolean(), any());
	}

	@Test
	void aNewKeyPairReplacingALiveOneIsGeneratedOnlyOnceTheAdminConfirms() throws Exception {
		given(connections.source()).willReturn(Optional.of(new StoredConnection("okta", Map.of("mode", "SERVICE_APP"),
				java.util.Set.of(), Map.of("privateJwk.public", "{\"kty\":\"RSA\"}"), null)));
		mvc.perform(post("/t/acme/connections/source/key/privateJwk").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections#source"))
			.andExpect(flash().attribute("keyRegenerate", "privateJwk"));
		verify(connections, never()).generateKey(any(), any());
		mvc.perform(post("/t/acme/connections/source/key/privateJwk").with(admin).param("confirm", "true"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("connections.flash.source.keyGenerated")));
		verify(connections).generateKey("privateJwk", admin.actor());
	}

}
