package dev.ferry.provisioning;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.portal.Flash;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.system.Refusal;
import dev.ferry.tenant.Role;
import dev.ferry.test.PortalSlice;
import dev.ferry.work.WorkStats;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The provisioning pages' decisions, without the engine: who may start a run and where
 * they land, when the progress poll asks htmx to reload the page (once the run has
 * finished, and only for htmx), and how a refused approval comes back.
 */
@PortalSlice(ProvisioningController.class)
class ProvisioningControllerTest {

	private static final RunId RUN = RunId.of("00000000-0000-0000-0000-000000000042");

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	Provisioning provisioning;

	@MockitoBean
	WorkStats work;

	SignedIn operator;

	@BeforeEach
	void acme() {
		operator = SignedIn.as(Role.OPERATOR, "acme", seats);
	}

	@Test
	void anOperatorStartsADryRunAndLandsOnItsPage() throws Exception {
		given(provisioning.startRun(true, operator.actor())).willReturn(RUN);
		mvc.perform(post("/t/acme/provisioning/dry-run").with(operator))
			.andExpect(redirectedUrl("/t/acme/provisioning/runs/" + RUN))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("provisioning.flash.dryRunStarted")));
	}

	@Test
	void anAuditorStartsNothing() throws Exception {
		mvc.perform(post("/t/acme/provisioning/reconcile").with(SignedIn.as(Role.AUDITOR, "acme", seats)))
			.andExpect(status().isForbidden());
		verify(provisioning, never()).startRun(anyBoolean(), any());
	}

	@Test
	void theProgressPollAsksForAReloadOnlyOnceTheRunHasFinishedAndOnlyFromHtmx() throws Exception {
		given(provisioning.run(RUN)).willReturn(Optional.of(run(RunStatus.APPLYING)));
		mvc.perform(get("/t/acme/provisioning/runs/" + RUN + "/progress").with(operator).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name("provisioning/run :: runProgress"))
			.andExpect(header().doesNotExist("HX-Refresh"));

		given(provisioning.run(RUN)).willReturn(Optional.of(run(RunStatus.DONE)));
		mvc.perform(get("/t/acme/provisioning/runs/" + RUN + "/progress").with(operator).header("HX-Request", "true"))
			.andExpect(header().string("HX-Refresh", "true"));
		mvc.perform(get("/t/acme/provisioning/runs/" + RUN + "/progress").with(operator))
			.andExpect(header().doesNotExist("HX-Refresh"));
	}

	@Test
	void anUnknownRunIsNotFound() throws Exception {
		given(provisioning.run(RUN)).willReturn(Optional.empty());
		mvc.perform(get("/t/acme/provisioning/runs/" + RUN + "/progress").with(operator))
			.andExpect(status().isNotFound());
	}

	@Test
	void aRunIdThatIsNotOneIsABadRequestThatAsksNothing() throws Exception {
		for (String bad : new String[] { "42", "not-a-run", "00000000-0000-0000-0000-00000000004g" }) {
			mvc.perform(get("/t/acme/provisioning/runs/" + bad).with(operator)).andExpect(status().isBadRequest());
			mvc.perform(post("/t/acme/provisioning/runs/" + bad + "/approve").with(operator))
				.andExpect(status().isBadRequest());
		}
		verifyNoInteractions(provisioning);
	}

	@Test
	void aRefusedApprovalComesBackOnTheRunsPage() throws Exception {
		willThrow(new Refusal("provisioning.flash.held.nothingToApprove")).given(provisioning)
			.approveHeld(RUN, operator.actor());
		mvc.perform(post("/t/acme/provisioning/runs/" + RUN + "/approve").with(operator))
			.andExpect(redirectedUrl("/t/acme/provisioning/runs/" + RUN))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("provisioning.flash.held.nothingToApprove")));
	}

	private static RunSummary run(RunStatus status) {
		Instant now = Instant.parse("2026-12-06T10:00:00Z");
		return new RunSummary(RUN, RunKind.RECONCILE, "manual", status, 10, 10, status.finished() ? 10 : 4, 0, 0, 0,
				null, now, status.finished() ? now : null);
	}

}
