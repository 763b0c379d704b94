package dev.ferry.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.connection.Connections;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.work.DeadLetters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's numbers from real provisioning (PostgreSQL, Redis, the sandbox's Okta
 * and ShareFile): what a hook-driven change adds to the week, with the latency from the
 * change reaching Ferry to ShareFile's answer, what a failing ShareFile adds, and that
 * one organisation's operations never count in another's.
 */
@FerryIntegrationTest
class DashboardIT {

	static final Duration CONVERGE = Duration.ofSeconds(40);

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	ProvisioningDashboard dashboard;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void realProvisioningFillsTheNumbersAndTheWeekOfItsOwnOrganisationOnly() {
		ProvisioningWorld acme = new ProvisioningWorld(tenants, members, connections, provisioning);
		ProvisioningWorld globex = new ProvisioningWorld(tenants, members, connections, provisioning);

		// globex: two people whose accounts ShareFile refuses for a while: the reconcile
		// fails both, and each is retried on its own until ShareFile is back
		List<String> globexPeople = List.of(globex.person("Gail", "Ford"), globex.person("Hugo", "Lind"));
		globexPeople.forEach(globex::assign);
		globex.sandbox.control("PUT", "/sandbox/api/sharefile/" + globex.org + "/faults",
				"{\"outageSeconds\":12,\"writesOnly\":true,\"errorRate\":0.3}");
		globex.configure(config -> config.withEnabled(true));
		await().atMost(CONVERGE).until(() -> finishedReconcile(globex));
		ProvisioningDashboard.Figures failing = globex.as(() -> dashboard.figures());
		assertThat(failing.failing()).as("the two people being retried").isEqualTo(2);
		assertThat(failing.lastRun()).isNotNull();
		assertThat(acme.as(() -> dashboard.figures()).failing()).as("globex's failures are not acme's").isZero();
		// ShareFile back: the retries go through at their first try
		globex.sandbox.control("DELETE", "/sandbox/api/sharefile/" + globex.org + "/faults", null);

		// acme: provisioning on (nobody assigned yet), then one person assigned and
		// changed
		// in Okta, each change carried by the event hook
		acme.configure(config -> config.withEnabled(true));
		await().atMost(CONVERGE).until(() -> finishedReconcile(acme));
		acme.registerHook();
		String ada = acme.person("Ada", "Stone");
		acme.assign(ada);
		String email = acme.email("Ada", "Stone");
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(acme.shareFileUser(email)).isNotNull());
		acme.profile(ada, "{\"lastName\":\"Stone-Hale\"}");
		await().atMost(CONVERGE)
			.untilAsserted(() -> assertThat(ProvisioningWorld.text(acme.shareFileUser(email), "lastName"))
				.isEqualTo("Stone-Hale"));

		// the person's runs know when their change reached Ferry
		Long withChange = acme.as(() -> jdbc.queryForObject(
				"select count(*) from run where kind = 'PERSON' and changed_at is not null and changed_at <= started_at",
				Long.class));
		assertThat(withChange).isGreaterThanOrEqualTo(2);

		await().atMost(CONVERGE).untilAsserted(() -> {
			ProvisioningDashboard.Figures figures = acme.as(() -> dashboard.figures());
			assertThat(figures.linked()).isEqualTo(1);
			assertThat(figures.queued()).isZero();
			assertThat(figures.failing()).isZero();
			assertThat(figures.held()).isZero();
			assertThat(figures.lastRun().kind()).isEqualTo(RunKind.PERSON);
			assertThat(figures.lastRun().status()).isEqualTo(RunStatus.DONE);
		});
		ProvisioningDashboard.Activity week = acme.as(() -> dashboard.activity());
		assertThat(week.week().created()).as("Ada's account, and nothing of globex's").isEqualTo(1);
		assertThat(week.week().updated()).as("her new last name").isEqualTo(1);
		assertThat(week.week().failed()).isZero();
		assertThat(
				week.hours().get(week.hours().size() - 1).total() + week.hours().get(week.hours().size() - 2).total())
			.as("this hour (or the last, if the hour turned meanwhile)")
			.isEqualTo(2);
		assertThat(week.weekLatency().samples()).as("both changes were carried by the hook").isEqualTo(2);
		assertThat(week.weekLatency().p50()).isPositive().isLessThan(CONVERGE.toMillis());
		assertThat(week.weekLatency().p95()).isGreaterThanOrEqualTo(week.weekLatency().p50());
		assertThat(week.latency().get(week.latency().size() - 1).samples()
				+ week.latency().get(week.latency().size() - 2).samples())
			.isEqualTo(2);

		// globex once ShareFile is back: its own numbers, none of acme's
		await().atMost(CONVERGE).untilAsserted(() -> {
			ProvisioningDashboard.Figures figures = globex.as(() -> dashboard.figures());
			assertThat(figures.linked()).isEqualTo(2);
			assertThat(figures.failing()).isZero();
		});
		ProvisioningDashboard.Activity globexWeek = globex.as(() -> dashboard.activity());
		// how many syncs race the reconcile depends on timing (a System Log poll may
		// queue its own); at least each person's account and the reconcile's two failures
		assertThat(globexWeek.week().created()).isGreaterThanOrEqualTo(2);
		assertThat(globexWeek.week().failed()).isGreaterThanOrEqualTo(2);
		// (which run provisions them once ShareFile is back, their retries, whose latency
		// runs from their change, or another reconcile, which carries none, depends on
		// timing: no count is asserted here)
		assertThat(globexWeek.weekLatency().samples()).isLessThanOrEqualTo(2);
		// acme's week is still exactly its own two operations
		assertThat(acme.as(() -> dashboard.activity()).week()).isEqualTo(week.week());
	}

	private boolean finishedReconcile(ProvisioningWorld world) {
		return world.as(() -> provisioning.latestRuns(20))
			.stream()
			.anyMatch(run -> run.kind() == RunKind.RECONCILE && run.finished() && Objects.nonNull(run.finishedAt()));
	}

}
