package dev.ferry.provisioning;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import dev.ferry.connector.TestSchemas;
import dev.ferry.portal.Flash;
import dev.ferry.provisioning.ProvisioningConfig.Features;
import dev.ferry.provisioning.ProvisioningConfig.GroupPush;
import dev.ferry.provisioning.ProvisioningConfig.Safety;
import dev.ferry.provisioning.internal.config.ConfigValidation;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.system.Problem;
import dev.ferry.tenant.Role;
import dev.ferry.test.PortalSlice;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
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
 * The provisioning settings page's decisions, without the engine: who may change the
 * settings, that the form as shown saves as the configuration it shows, which flash says
 * what a save set going, and that a form with problems (its own, or the validation's
 * message codes) comes back as typed with each problem beside its field and nothing
 * saved. The page has no htmx of its own: it is a plain form (post/redirect/get).
 */
@PortalSlice(ProvisioningSettingsController.class)
class ProvisioningSettingsControllerTest {

	private static final String PAGE = "/t/acme/provisioning/settings";

	/** A new organisation's settings: provisioning off. */
	private static final ProvisioningConfig OFF = ProvisioningConfig.defaults(TestSchemas.SHAREFILE_LIKE);

	/** Provisioning on, pushing one group. */
	private static final ProvisioningConfig ON = new ProvisioningConfig(true,
			new Features(true, true, true, true, false, false), OFF.passwordPolicy(), OFF.scope(), OFF.userTypes(),
			OFF.mappings(), new GroupPush(List.of("Sales"), ""), OFF.importSettings(), OFF.deprovisioning(),
			OFF.safety(), OFF.reconcileIntervalMinutes());

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	Provisioning provisioning;

	SignedIn admin;

	@BeforeEach
	void acme() {
		admin = SignedIn.as(Role.ADMIN, "acme", seats);
		given(provisioning.config()).willReturn(ON);
		given(provisioning.configVersion()).willReturn(8);
		given(provisioning.kinds()).willReturn(new Provisioning.Kinds("sharefile", "okta"));
		given(provisioning.sourceAttributes()).willReturn(Set.of("firstName", "lastName", "email"));
		given(provisioning.targetSchema()).willReturn(TestSchemas.SHAREFILE_LIKE);
		given(provisioning.saveConfig(any(), any())).willReturn(Map.of());
	}

	@Test
	void everyoneReadsTheSettingsButOnlyOwnersAndAdminsChangeThem() throws Exception {
		for (Role role : Role.values()) {
			boolean changes = role == Role.OWNER || role == Role.ADMIN;
			SignedIn member = SignedIn.as(role, "acme", seats);
			mvc.perform(get(PAGE).with(member))
				.andExpect(status().isOk())
				.andExpect(view().name("provisioning/settings"))
				.andExpect(model().attribute("canChange", changes))
				.andExpect(model().attribute("form", SettingsForm.of(ON)));
			if (!changes) {
				mvc.perform(post(PAGE).with(member).params(typed(ON.withEnabled(false))))
					.andExpect(status().isForbidden());
				mvc.perform(post(PAGE + "/rows").with(member).params(typed(ON))).andExpect(status().isForbidden());
			}
		}
		verify(provisioning, never()).saveConfig(any(), any());
	}

	@Test
	void mappingDirectionsAndAttributeListsAreNamedByTheConnectedSystems() throws Exception {
		mvc.perform(get(PAGE).with(admin))
			.andExpect(content().string(containsString(">To ShareFile<")))
			.andExpect(content().string(containsString(">To Okta<")))
			.andExpect(content().string(containsString("label=\"Okta attributes\"")))
			.andExpect(content().string(containsString("Accounts with no Okta person")));
		given(provisioning.kinds()).willReturn(new Provisioning.Kinds("memory", "okta"));
		mvc.perform(get(PAGE).with(admin))
			.andExpect(content().string(containsString(">To In-memory target<")))
			.andExpect(content().string(containsString("To In-memory target: Okta masters it.")))
			.andExpect(content().string(not(containsString(">To ShareFile<"))));
	}

	@Test
	void theFormAsShownSavesAsTheConfigurationItShowsByWhoeverSavedIt() throws Exception {
		mvc.perform(post(PAGE).with(admin).params(typed(ON)))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("settings.flash.saved", 8)));
		verify(provisioning).saveConfig(ON, admin.actor());
	}

	@Test
	void theFlashSaysWhatTheSaveSetGoing() throws Exception {
		// turning provisioning on reconciles everyone in scope
		given(provisioning.config()).willReturn(OFF);
		mvc.perform(post(PAGE).with(admin).params(typed(OFF.withEnabled(true))))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("settings.flash.savedReconciling", 8)));

		// choosing other groups only pushes groups
		given(provisioning.config()).willReturn(ON);
		ProvisioningConfig moreGroups = with(ON, new GroupPush(List.of("Sales", "Support"), "Okta - "));
		mvc.perform(post(PAGE).with(admin).params(typed(moreGroups)))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("settings.flash.savedPushingGroups", 8)));
		verify(provisioning).saveConfig(moreGroups, admin.actor());

		// a safety limit sets nothing going
		ProvisioningConfig stricter = with(ON, new Safety(1, 5));
		mvc.perform(post(PAGE).with(admin).params(typed(stricter)))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("settings.flash.saved", 8)));
		verify(provisioning).saveConfig(stricter, admin.actor());
	}

	@Test
	void whatTheFormCannotReadComesBackAsTypedWithTheValidationsProblemsTooAndNothingIsSaved() throws Exception {
		// what the form could read is still validated, so every problem shows at once
		given(provisioning.problems(any()))
			.willReturn(Map.of("safety.maxPercent", Problem.of("settings.problem.percent"), "scope.filter",
					Problem.of(ConfigValidation.AT_POSITION, "Unexpected end", 14)));
		MultiValueMap<String, String> params = typed(ON);
		params.set("safety.maxPercent", "lots");
		params.set("deprovisioning.action", "EXPLODE");
		params.set("scope.filter", "user.title == ");

		mvc.perform(post(PAGE).with(admin).params(params))
			.andExpect(status().isOk())
			.andExpect(view().name("provisioning/settings"))
			.andExpect(model().attribute(Flash.ATTRIBUTE, Flash.error("settings.flash.invalid")))
			// the form's own reading wins over the validation's for the same field
			.andExpect(model().attribute("errors",
					Map.of("safety.maxPercent", Problem.of("settings.problem.wholeNumber"), "deprovisioning.action",
							Problem.of("settings.problem.choose"), "scope.filter",
							Problem.of(ConfigValidation.AT_POSITION, "Unexpected end", 14))))
			.andExpect(model().attribute("carets",
					Map.of("scope.filter",
							new ProvisioningSettingsController.Caret("user.title == ", " ".repeat(14) + "^", 15))))
			.andExpect(model().attribute("form", SettingsForm.of(params).forDisplay()))
			.andExpect(model().attribute("canChange", true));
		verify(provisioning, never()).saveConfig(any(), any());
	}

	@Test
	void validationProblemsFromTheSaveComeBackBesideTheirFieldsAsTyped() throws Exception {
		ProvisioningConfig typo = with(ON, List.of(
				new ProvisioningConfig.Mapping("FirstName", "lowerr(user.firstName)",
						ProvisioningConfig.Mapping.Direction.TO_TARGET),
				new ProvisioningConfig.Mapping("Email", "user.email", ProvisioningConfig.Mapping.Direction.TO_TARGET)));
		given(provisioning.saveConfig(typo, admin.actor()))
			.willReturn(Map.of("mappings[0].expression", Problem.of(ConfigValidation.AT_POSITION, "No lowerr", 0),
					"groupPush.namePrefix", Problem.of("settings.problem.namePrefix")));

		mvc.perform(post(PAGE).with(admin).params(typed(typo)))
			.andExpect(status().isOk())
			.andExpect(view().name("provisioning/settings"))
			.andExpect(flash().attributeCount(0))
			.andExpect(model().attribute(Flash.ATTRIBUTE, Flash.error("settings.flash.invalid")))
			.andExpect(model().attribute("errors",
					Map.of("mappings[0].expression", Problem.of(ConfigValidation.AT_POSITION, "No lowerr", 0),
							"groupPush.namePrefix", Problem.of("settings.problem.namePrefix"))))
			.andExpect(model().attribute("carets",
					Map.of("mappings[0].expression",
							new ProvisioningSettingsController.Caret("lowerr(user.firstName)", "^", 1))))
			// as typed, with the spare rows to add a mapping in
			.andExpect(model().attribute("form", SettingsForm.of(typo)));
	}

	@Test
	void moreRowsKeepWhatWasTypedAndSaveNothing() throws Exception {
		MultiValueMap<String, String> params = typed(ON);
		params.set("safety.maxCount", "not yet");
		mvc.perform(post(PAGE + "/rows").with(admin).params(params))
			.andExpect(status().isOk())
			.andExpect(view().name("provisioning/settings"))
			.andExpect(model().attribute(Flash.ATTRIBUTE, Flash.success("settings.flash.rowsAdded")))
			.andExpect(model().attribute("form", SettingsForm.of(params).forDisplay()))
			.andExpect(model().attribute("errors", Map.of()));
		verify(provisioning, never()).saveConfig(any(), any());
	}

	/** The form's fields as the settings page posts them for {@code config}. */
	private static MultiValueMap<String, String> typed(ProvisioningConfig config) {
		SettingsForm form = SettingsForm.of(config);
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		if (form.enabled()) {
			params.add("enabled", "true");
		}
		form.features().forEach((feature, on) -> {
			if (on) {
				params.add("features." + feature, "true");
			}
		});
		params.add("passwordPolicy.onCreate", form.passwordOnCreate());
		if (form.requireAssignment()) {
			params.add("scope.requireAssignment", "true");
		}
		params.add("scope.groups", form.scopeGroups());
		params.add("scope.filter", form.scopeFilter());
		params.add("userTypes.clientGroups", form.clientGroups());
		params.add("userTypes.clientFilter", form.clientFilter());
		// with the page's spare rows, left empty
		for (int i = 0; i < form.mappings().size(); i++) {
			SettingsForm.Row row = form.mappings().get(i);
			params.add("mappings[" + i + "].target", row.target());
			params.add("mappings[" + i + "].expression", row.expression());
			params.add("mappings[" + i + "].direction", row.direction());
		}
		params.add("groupPush.groups", form.pushGroups());
		params.add("groupPush.patterns", form.pushPatterns());
		params.add("groupPush.namePrefix", form.namePrefix());
		params.add("importSettings.matchOrder", form.matchOrder());
		params.add("importSettings.createInSource", form.createInSource());
		if (form.requireConfirmation()) {
			params.add("importSettings.requireConfirmation", "true");
		}
		params.add("deprovisioning.action", form.deprovisionAction());
		params.add("deprovisioning.reassignTo", form.reassignTo());
		params.add("safety.maxPercent", form.maxPercent());
		params.add("safety.maxCount", form.maxCount());
		params.add("reconcileIntervalMinutes", form.reconcileInterval());
		return params;
	}

	private static ProvisioningConfig with(ProvisioningConfig c, GroupPush groupPush) {
		return new ProvisioningConfig(c.enabled(), c.features(), c.passwordPolicy(), c.scope(), c.userTypes(),
				c.mappings(), groupPush, c.importSettings(), c.deprovisioning(), c.safety(),
				c.reconcileIntervalMinutes());
	}

	private static ProvisioningConfig with(ProvisioningConfig c, Safety safety) {
		return new ProvisioningConfig(c.enabled(), c.features(), c.passwordPolicy(), c.scope(), c.userTypes(),
				c.mappings(), c.groupPush(), c.importSettings(), c.deprovisioning(), safety,
				c.reconcileIntervalMinutes());
	}

	private static ProvisioningConfig with(ProvisioningConfig c, List<ProvisioningConfig.Mapping> mappings) {
		return new ProvisioningConfig(c.enabled(), c.features(), c.passwordPolicy(), c.scope(), c.userTypes(), mappings,
				c.groupPush(), c.importSettings(), c.deprovisioning(), c.safety(), c.reconcileIntervalMinutes());
	}

}
