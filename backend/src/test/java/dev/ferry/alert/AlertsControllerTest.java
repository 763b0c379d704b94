package dev.ferry.alert;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.alert.internal.AlertProperties;
import dev.ferry.portal.Flash;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.system.Problem;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.Role;
import dev.ferry.test.PortalSlice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The alert settings page's decisions, without a database: every member reads it, only
 * owners and admins change it or send a test, and a refused save shows the form again
 * with what was typed and the field marked.
 */
@PortalSlice(AlertsController.class)
@Import(AlertsControllerTest.Properties.class)
class AlertsControllerTest {

	/** The digest window the page states, as the application binds it. */
	@TestConfiguration
	@EnableConfigurationProperties(AlertProperties.class)
	static class Properties {

	}

	private static final String PAGE = "/t/acme/alerts";

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	Alerts alerts;

	@Test
	void anAuditorReadsTheSettingsButChangesNothing() throws Exception {
		given(alerts.settings()).willReturn(AlertSettings.none());
		given(alerts.recent(AlertsController.RECENT)).willReturn(List.of());
		SignedIn auditor = SignedIn.as(Role.AUDITOR, "acme", seats);
		mvc.perform(get(PAGE).with(auditor))
			.andExpect(status().isOk())
			.andExpect(view().name("alerts/settings"))
			.andExpect(model().attribute("canChange", false));
		mvc.perform(post(PAGE).with(auditor).param("emails", "x@acme.example").param("throttleMinutes", "15"))
			.andExpect(status().isForbidden());
		mvc.perform(post(PAGE + "/test").with(auditor)).andExpect(status().isForbidden());
		SignedIn operator = SignedIn.as(Role.OPERATOR, "acme", seats);
		mvc.perform(post(PAGE).with(operator).param("emails", "x@acme.example")).andExpect(status().isForbidden());
		verify(alerts, never()).save(anyString(), anyString(), anyBoolean(), any(), anyString(), any());
		verify(alerts, never()).sendTest(any());
	}

	@Test
	void anAdminSavesAndIsToldSo() throws Exception {
		SignedIn admin = SignedIn.as(Role.ADMIN, "acme", seats);
		mvc.perform(post(PAGE).with(admin)
			.param("emails", "ops@acme.example")
			.param("webhookUrl", "")
			.param("kinds", "HELD_PLAN", "DEAD_LETTER")
			.param("throttleMinutes", "30"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("alerts.flash.saved")));
		verify(alerts).save("ops@acme.example", "", false, List.of("HELD_PLAN", "DEAD_LETTER"), "30", admin.actor());
	}

	@Test
	void aRefusedSaveShowsTheFormAgainWithWhatWasTypedButNeverTheWebhook() throws Exception {
		given(alerts.settings()).willReturn(AlertSettings.none());
		given(alerts.recent(AlertsController.RECENT)).willReturn(List.of());
		SignedIn admin = SignedIn.as(Role.ADMIN, "acme", seats);
		willThrow(new Refusal(Problem.of("alerts.problem.email", "nope"))).given(alerts)
			.save(anyString(), anyString(), anyBoolean(), any(), anyString(), any());
		mvc.perform(post(PAGE).with(admin)
			.param("emails", "nope")
			.param("webhookUrl", "https://hooks.slack.com/services/T0/B0/secret")
			.param("throttleMinutes", "15"))
			.andExpect(status().isOk())
			.andExpect(view().name("alerts/settings"))
			.andExpect(model().attribute(Flash.ATTRIBUTE, Flash.error(Problem.of("alerts.problem.email", "nope"))))
			.andExpect(result -> {
				AlertsController.Form form = (AlertsController.Form) result.getModelAndView().getModel().get("form");
				assertThat(form.emails()).isEqualTo("nope");
				assertThat(form.invalidEmails()).isTrue();
				assertThat(form.invalidWebhook()).isFalse();
				assertThat(result.getResponse().getContentAsString()).doesNotContain("secret");
			});
	}

	@Test
	void aTestAlertNeedsSomewhereToGo() throws Exception {
		SignedIn owner = SignedIn.as(Role.OWNER, "acme", seats);
		given(alerts.sendTest(owner.actor())).willReturn(false);
		mvc.perform(post(PAGE + "/test").with(owner))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("alerts.flash.noRecipients")));
	}

}
