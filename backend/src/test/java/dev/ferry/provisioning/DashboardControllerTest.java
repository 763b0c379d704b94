package dev.ferry.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.connection.ConnectionHealth;
import dev.ferry.connection.Connections;
import dev.ferry.connection.LastTest;
import dev.ferry.provisioning.ProvisioningDashboard.Hour;
import dev.ferry.provisioning.ProvisioningDashboard.Stored;
import dev.ferry.provisioning.internal.activity.LatencyHistogram;
import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.test.PortalSlice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dashboard as rendered: each number links to the page that shows it, the charts are
 * inline SVG with a title, a description and the numbers in a table, and an empty week
 * says so instead of drawing an empty chart.
 */
@PortalSlice(DashboardController.class)
class DashboardControllerTest {

	static final Instant NOW = Instant.parse("2026-12-06T19:20:00Z");

	static final Instant NOW_HOUR = Instant.parse("2026-12-06T19:00:00Z");

	static final RunId HELD = RunId.of("00000000-0000-0000-0000-000000000042");

	@TestConfiguration
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	ProvisioningDashboard dashboard;

	@MockitoBean
	Connections connections;

	@MockitoBean
	Members members;

	SignedIn auditor;

	@BeforeEach
	void acme() {
		auditor = SignedIn.as(Role.AUDITOR, "acme", seats);
		RunSummary last = new RunSummary(RunId.of("00000000-0000-0000-0000-000000000007"), RunKind.RECONCILE,
				"schedule", RunStatus.INCOMPLETE, 40, 40, 38, 0, 2, 0, null, NOW.minusSeconds(600), NOW);
		given(dashboard.figures()).willReturn(new ProvisioningDashboard.Figures(1234, 5, 2, 1, 1, HELD, last));
		given(connections.targetHealth()).willReturn(new ConnectionHealth("sharefile", ConnectionHealth.State.FAILING,
				LastTest.of(false, "The admin password was refused.", NOW)));
		given(connections.sourceHealth())
			.willReturn(new ConnectionHealth(null, ConnectionHealth.State.NOT_CONFIGURED, null));
		given(members.count()).willReturn(3L);
	}

	private String page(String path) throws Exception {
		return mvc.perform(get(path).with(auditor))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	@Test
	void theNumbersLinkToWhereTheyAreShown() throws Exception {
		given(dashboard.activity()).willReturn(ProvisioningDashboard.week(NOW_HOUR, List.of()));
		String html = page("/t/acme/");
		assertThat(html).contains("data-figure=\"linked\">1234<", "data-figure=\"queued\">5<",
				"data-figure=\"failing\">3<", "2 retrying after a failure, 1 given up (dead letters).",
				"data-figure=\"members\">3<");
		assertThat(html).contains("href=\"/t/acme/provisioning/dead-letters\"",
				"href=\"/t/acme/provisioning/runs/" + HELD + "\"",
				"href=\"/t/acme/provisioning/runs/00000000-0000-0000-0000-000000000007\"",
				"href=\"/t/acme/connections\"", "href=\"/t/acme/members\"");
		assertThat(html).contains("Done with failures (retrying)", "Reconcile (schedule): 38 applied, 2 failed.");
		assertThat(html).contains("Failing", "Last test 2026-12-06 19:20 UTC: The admin password was refused.",
				"Not configured");
		assertThat(html).contains("hx-trigger=\"every 30s\"", "hx-get=\"/t/acme/dashboard/numbers\"");
	}

	@Test
	void anEmptyWeekSaysSoAndDrawsNoChart() throws Exception {
		given(dashboard.activity()).willReturn(ProvisioningDashboard.week(NOW_HOUR, List.of()));
		String html = page("/t/acme/");
		assertThat(html).contains("No operations in the last 7 days.",
				"No change reached ShareFile in the last 7 days.");
		assertThat(html).doesNotContain("<svg");
	}

	@Test
	void aWeekWithWorkIsDrawnWithItsAxesDescriptionAndTable() throws Exception {
		LatencyHistogram latency = LatencyHistogram.empty();
		latency.add(800);
		latency.add(1200);
		Instant lastHour = NOW_HOUR.minus(Duration.ofHours(1));
		given(dashboard.activity()).willReturn(
				ProvisioningDashboard.week(NOW_HOUR, List.of(new Stored(new Hour(lastHour, 6, 3, 0, 0, 1), latency))));
		String html = page("/t/acme/");
		assertThat(html)
			.contains("<svg role=\"img\" class=\"activity\" aria-labelledby=\"ops-svg-title ops-svg-desc\"");
		assertThat(html).contains("<title id=\"ops-svg-title\">Operations per hour</title>",
				"10 operations in the last 7 days: 6 created, 3 updated, 0 disabled or deleted, 0 group changes and 1 failed; the busiest hour had 10.");
		// the y axis of the operations: 0 to 10 in steps of 5; the days on the x axis
		assertThat(html).contains(">0</text>", ">5</text>", ">10</text>", ">Mon 30</text>", ">Sun 6</text>");
		assertThat(html).contains("2026-12-06 18:00 UTC: 6 Created");
		// the latency: lines, an axis in seconds, and the same numbers as a table
		assertThat(html).contains("class=\"line line-p50\" d=\"M", "Change → ShareFile latency", "2 changes");
		assertThat(html).containsPattern(">\\d(\\.\\d)? s</text>");
		assertThat(html).contains("<details class=\"chart-data\">", "<th scope=\"row\">2026-12-06 18:00</th>",
				"<th scope=\"row\">2026-12-06 14:00</th>");
		assertThat(html).doesNotContain("No operations in the last 7 days.");
	}

	@Test
	void theRefreshAnswersTheCardsAlone() throws Exception {
		String html = page("/t/acme/dashboard/numbers");
		assertThat(html).startsWith("<div id=\"dashboard-numbers\"").contains("data-figure=\"linked\">1234<");
		assertThat(html).doesNotContain("<html", "<svg", "<nav");
		assertThat(html).contains("Numbers as of 19:20:00 UTC");
	}

}
