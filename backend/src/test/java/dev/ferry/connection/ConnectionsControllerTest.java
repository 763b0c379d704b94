package dev.ferry.connection;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.connector.TestOutcome;
import dev.ferry.memorytarget.MemoryTargetConnector;
import dev.ferry.okta.OktaApiSettings.AuthMode;
import dev.ferry.portal.Flash;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.Role;
import dev.ferry.test.PortalSlice;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
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
 * The Connections page's decisions, without Okta, ShareFile or a database: a refused Okta
 * form is shown again with its problems, a saved one redirects with the flash, a test
 * answers htmx with a fragment and a plain post with a redirect, refusals come back
 * through the portal's one advice, and only those who manage connections change them.
 */
@PortalSlice(ConnectionsController.class)
class ConnectionsControllerTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	Connections connections;

	@MockitoBean
	ScimTokens scimTokens;

	SignedIn admin;

	@BeforeEach
	void acme() {
		admin = SignedIn.as(Role.ADMIN, "acme", seats);
		given(connections.targetKinds()).willReturn(List.of(new MemoryTargetConnector()));
		given(connections.hookUri("acme")).willReturn("https://ferry.example.test/hooks/okta/acme");
		given(scimTokens.baseUrl("acme")).willReturn("https://ferry.example.test/scim/acme");
	}

	@Test
	void anAdminSeesTheConnectionsAndMayChangeThem() throws Exception {
		mvc.perform(get("/t/acme/connections").with(admin))
			.andExpect(status().isOk())
			.andExpect(view().name("connections/page"))
			.andExpect(model().attribute("canChange", true))
			.andExpect(model().attribute("oktaForm", new OktaForm("", AuthMode.SSWS, "", "")));
	}

	@Test
	void anOktaFormWithBadFieldsIsShownAgainWithItsProblemsAndWithoutTheToken() throws Exception {
		Map<String, Problem> problems = Map.of("orgUrl", Problem.of("connection.problem.required"), "apiToken",
				Problem.of("connection.problem.apiToken"));
		given(connections.saveOkta(any(), any())).willReturn(problems);
		mvc.perform(post("/t/acme/connections/okta").with(admin)
			.param("orgUrl", "")
			.param("mode", "SSWS")
			.param("apiToken", "typed-token-1")
			.param("clientId", ""))
			.andExpect(status().isOk())
			.andExpect(view().name("connections/page"))
			.andExpect(model().attribute("oktaErrors", problems))
			.andExpect(model().attribute("oktaForm", new OktaForm("", AuthMode.SSWS, "", "")))
			.andExpect(model().attribute(Flash.ATTRIBUTE, Flash.error("connections.flash.okta.invalid")))
			.andExpect(flash().attributeCount(0))
			// a typed secret is never sent back
			.andExpect(content().string(not(containsString("typed-token-1"))));
		verify(connections).saveOkta(new OktaForm("", AuthMode.SSWS, "typed-token-1", ""), admin.actor());
	}

	@Test
	void aModeThatIsNoneOfTheChoicesReachesTheRulesAsNoMode() throws Exception {
		given(connections.saveOkta(any(), any())).willReturn(Map.of("mode", Problem.of("connection.problem.choice")));
		mvc.perform(post("/t/acme/connections/okta").with(admin)
			.param("orgUrl", "https://acme.okta.com")
			.param("mode", "<script>"))
			.andExpect(view().name("connections/page"))
			.andExpect(model().attribute("oktaErrors", Map.of("mode", Problem.of("connection.problem.choice"))));
		verify(connections).saveOkta(new OktaForm("https://acme.okta.com", null, "", ""), admin.actor());
	}

	@Test
	void aGoodOktaFormRedirectsToTheOktaSectionWithTheFlashForItsMode() throws Exception {
		given(connections.saveOkta(any(), any())).willReturn(Map.of());
		mvc.perform(post("/t/acme/connections/okta").with(admin)
			.param("orgUrl", "https://acme.okta.com")
			.param("mode", "SSWS")
			.param("apiToken", "token-1"))
			.andExpect(redirectedUrl("/t/acme/connections#okta"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("connections.flash.okta.savedToken")));
		mvc.perform(post("/t/acme/connections/okta").with(admin)
			.param("orgUrl", "https://acme.okta.com")
			.param("mode", "SERVICE_APP")
			.param("clientId", "0oa1"))
			.andExpect(redirectedUrl("/t/acme/connections#okta"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("connections.flash.okta.savedServiceApp")));
	}

	@Test
	void aTestAnswersHtmxWithTheOutcomeFragmentAndAPlainPostWithARedirect() throws Exception {
		TestOutcome outcome = TestOutcome.passed("Connected as Ada.", List.of());
		given(connections.testOkta(admin.actor())).willReturn(outcome);
		mvc.perform(post("/t/acme/connections/okta/test").with(admin).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name("connections/page :: outcome"))
			.andExpect(model().attribute("outcome", outcome))
			.andExpect(content().string(containsString("Connected as Ada.")));
		mvc.perform(post("/t/acme/connections/okta/test").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections#okta"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success(Flash.DETAIL, "Connected as Ada.")));

		given(connections.testOkta(admin.actor())).willReturn(TestOutcome.failed("Okta said 401."));
		mvc.perform(post("/t/acme/connections/okta/test").with(admin))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error(Flash.DETAIL, "Okta said 401.")));
	}

	@Test
	void aRefusalIsFlashedOnTheConnectionsPageOrForHtmxShownInTheFlashArea() throws Exception {
		willThrow(new Refusal("connections.flash.okta.saveFirst")).given(connections).generateKeyPair(any());
		mvc.perform(post("/t/acme/connections/okta/key").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("connections.flash.okta.saveFirst")));
		mvc.perform(post("/t/acme/connections/okta/key").with(admin).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name("fragments/layout :: flashMessage"))
			.andExpect(header().string("HX-Retarget", "#flash"))
			.andExpect(header().string("HX-Reswap", "innerHTML"))
			.andExpect(model().attribute(Flash.ATTRIBUTE, Flash.error("connections.flash.okta.saveFirst")))
			.andExpect(content().string(containsString("Save the Okta connection first.")));
	}

	@Test
	void aMemberWhoDoesNotManageConnectionsSeesThePageButChangesNothing() throws Exception {
		SignedIn operator = SignedIn.as(Role.OPERATOR, "acme", seats);
		mvc.perform(get("/t/acme/connections").with(operator))
			.andExpect(status().isOk())
			.andExpect(model().attribute("canChange", false));
		// RequiresPermission: 403, the organisation exists for them
		mvc.perform(post("/t/acme/connections/okta").with(operator).param("orgUrl", "https://evil.example"))
			.andExpect(status().isForbidden());
		mvc.perform(post("/t/acme/connections/okta/key").with(operator)).andExpect(status().isForbidden());
		mvc.perform(post("/t/acme/connections/scim/token").with(operator)).andExpect(status().isForbidden());
		verify(connections, never()).saveOkta(any(), any());
		verify(connections, never()).generateKeyPair(any());
		verify(scimTokens, never()).generate(any());
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
		given(scimTokens.generate(admin.actor())).willReturn("scim-token-1");
		mvc.perform(post("/t/acme/connections/scim/token").with(admin))
			.andExpect(redirectedUrl("/t/acme/connections#scim"))
			.andExpect(flash().attribute("scimToken", "scim-token-1"))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("connections.flash.scim.generated")));
	}

}
