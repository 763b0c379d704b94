package dev.ferry.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import dev.ferry.connection.Connections;
import dev.ferry.connector.Throttle;
import dev.ferry.connector.Throttled;
import dev.ferry.system.WebProperties;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.TestMeters;
import dev.ferry.work.DeadLetters;
import dev.ferry.work.Throttles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What an operator's Prometheus reads on {@code /actuator/prometheus} while two
 * organisations provision real people (PostgreSQL, Redis, the sandbox's Okta and
 * ShareFile): per-organisation series named by slug, the change → ShareFile histogram
 * counting exactly the operations the dashboard counts, a ShareFile that refuses writes
 * counted by failure kind and in the dead-letter gauge, queues back at 0, throttle waits;
 * only the metrics user reads them. Then: every metric the Grafana dashboard and the
 * alert rules in {@code infra/monitoring} use exists in a real scrape, so they cannot
 * drift from the code.
 *
 * <p>
 * Values are read from every application context of the test JVM ({@link TestMeters}): a
 * test run caches several, and whichever context's worker takes a job counts it, as each
 * Ferry process counts what it does and Prometheus adds them up.
 */
@FerryIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

	static final Duration CONVERGE = Duration.ofSeconds(60);

	static final Path MONITORING = Path.of("..", "infra", "monitoring");

	@LocalServerPort
	int port;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Connections connections;

	@Autowired
	Provisioning provisioning;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	Throttles throttles;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	WebProperties web;

	@Test
	@Order(1)
	void perOrganisationMetricsFollowRealProvisioning() {
		ProvisioningWorld acme = new ProvisioningWorld(tenants, members, connections, provisioning);
		ProvisioningWorld globex = new ProvisioningWorld(tenants, members, connections, provisioning);
		String acmeSlug = acme.tenant.slug();
		String globexSlug = globex.tenant.slug();
		for (ProvisioningWorld world : List.of(acme, globex)) {
			world.configure(config -> config.withEnabled(true));
			await().atMost(CONVERGE).until(() -> finishedReconcile(world));
			world.registerHook();
		}

		// three people for acme, two for globex, each change carried by the event hook
		List<String> acmeEmails = assignPeople(acme, "Ada", "Bea", "Cy");
		List<String> globexEmails = assignPeople(globex, "Dan", "Eve");
		awaitInShareFile(acme, acmeEmails);
		awaitInShareFile(globex, globexEmails);

		// the histogram counts exactly the samples of the dashboard's rollup: one per
		// account created
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(latencyCount(acmeSlug)).isEqualTo(rollupSamples(acme)).isEqualTo(3);
			assertThat(latencyCount(globexSlug)).isEqualTo(rollupSamples(globex)).isEqualTo(2);
		});
		assertThat(TestMeters.sum("ferry.provisioning.change.latency",
				s -> s.timers()
					.stream()
					.mapToDouble(timer -> timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
					.sum(),
				"tenant", acmeSlug))
			.as("three latencies from the hook to ShareFile")
			.isPositive()
			.isLessThan(3 * CONVERGE.toMillis());
		assertThat(counter("ferry.provisioning.operations", "outcome", "created", "tenant", acmeSlug)).isEqualTo(3);
		// each hook delivery's correlation id went with the job it queued (its log lines
		// and audit events carry it)
		assertThat(acme.as(() -> jdbc.queryForObject(
				"select count(*) from job where kind = 'identity.sync' and correlation_id is not null", Long.class)))
			.isGreaterThanOrEqualTo(3);
		// (one delivery may carry several people's events: they share its id)
		assertThat(acme.as(() -> jdbc.queryForObject(
				"select count(*) from audit_event e where e.action = 'provisioning.create_account' and exists "
						+ "(select 1 from job j where j.kind = 'identity.sync' and j.correlation_id = e.correlation_id)",
				Long.class)))
			.as("the accounts those jobs created are audited under their delivery's correlation id")
			.isEqualTo(3);
		assertThat(counter("ferry.work.jobs", "outcome", "done", "tenant", acmeSlug)).isGreaterThanOrEqualTo(3);

		// globex's ShareFile refuses every write: the new person's job fails, retries and
		// gives up; counted by failure kind for globex only, and in globex's dead gauge
		double acmeFailures = failures(acmeSlug);
		globex.sandbox.control("PUT", "/sandbox/api/sharefile/" + globex.org + "/faults",
				"{\"errorRate\":1.0,\"writesOnly\":true}");
		List<String> refused = assignPeople(globex, "Fay");
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(TestMeters.sum("ferry.work.failures", ObservabilityIT::counts, "tenant", globexSlug, "kind",
					"RETRYABLE"))
				.as("5xx from ShareFile, retryable")
				.isGreaterThanOrEqualTo(1);
			// (a System Log poll may have queued the same change again, to fail alike)
			assertThat(queueGauge(globexSlug, "dead")).isGreaterThanOrEqualTo(1);
		});
		assertThat(counter("ferry.work.jobs", "outcome", "dead", "tenant", globexSlug)).isGreaterThanOrEqualTo(1);
		assertThat(counter("ferry.provisioning.operations", "outcome", "failed", "tenant", globexSlug))
			.isGreaterThanOrEqualTo(1);
		assertThat(failures(acmeSlug)).as("globex's failures are not acme's").isEqualTo(acmeFailures);

		// ShareFile back, the dead job retried: the person arrives, and the latency runs
		// from the first change
		globex.sandbox.control("DELETE", "/sandbox/api/sharefile/" + globex.org + "/faults", null);
		assertThat(globex.as(() -> deadLetters.retryAll())).isGreaterThanOrEqualTo(1);
		awaitInShareFile(globex, refused);
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(latencyCount(globexSlug)).isEqualTo(rollupSamples(globex)).isEqualTo(3);
			for (String slug : List.of(acmeSlug, globexSlug)) {
				for (String status : List.of("pending", "due", "running", "dead")) {
					assertThat(queueGauge(slug, status)).as(slug + " " + status).isZero();
				}
				assertThat(TestMeters.max("ferry.work.queue.oldest.due", ObservabilityIT::gauges, "tenant", slug))
					.isZero();
			}
			assertThat(TestMeters.exists("ferry.work.queue.jobs", "tenant", acmeSlug, "status", "pending"))
				.as("an organisation with nothing queued still has its series, at 0")
				.isTrue();
		});

		// a target's rate limit, as acme: the bucket's burst (2 s of 60 a minute), then a
		// wait of about a second; then a pause the target asked for, too long to sit out
		double waits = scrapeValue(scrape(), "ferry_throttle_wait_seconds_count", "sharefile", acmeSlug);
		double deferred = scrapeValue(scrape(), "ferry_throttle_deferred_total", "sharefile", acmeSlug);
		acme.as(() -> {
			Throttle throttle = throttles.forTarget("sharefile:metrics-" + acme.org, 60);
			for (int i = 0; i < 3; i++) {
				throttle.acquire();
			}
			throttle.slowDown(Duration.ofSeconds(30));
			assertThatThrownBy(throttle::acquire).isInstanceOf(Throttled.class);
		});
		String scraped = scrape();
		assertThat(scrapeValue(scraped, "ferry_throttle_wait_seconds_count", "sharefile", acmeSlug) - waits)
			.isEqualTo(1);
		assertThat(scrapeValue(scraped, "ferry_throttle_wait_seconds_sum", "sharefile", acmeSlug)).isPositive();
		assertThat(scrapeValue(scraped, "ferry_throttle_deferred_total", "sharefile", acmeSlug) - deferred)
			.isEqualTo(1);
		// what this process counted is tagged by the organisation's slug
		assertThat(scraped).contains("ferry_work_jobs_total{outcome=\"enqueued\",tenant=\"" + acmeSlug + "\"}")
			.containsPattern("ferry_process_role\\{role=\"worker\"\\} 1");
	}

	@Test
	@Order(2)
	void onlyTheMetricsUserReadsTheMetrics() {
		assertThat(status(null)).isEqualTo(401);
		assertThat(status("not-the-password")).isEqualTo(401);
		assertThat(status(web.metricsPassword())).isEqualTo(200);
	}

	/**
	 * Runs after the provisioning above, so every meter that only appears once used (a
	 * histogram, a throttle wait) exists. Reads the metric names out of the PromQL of
	 * every panel and rule, and finds each in this process's scrape over HTTP or, for
	 * what another context of the test JVM counted, in that context's scrape.
	 */
	@Test
	@Order(3)
	void everyMetricTheDashboardAndTheAlertsUseExistsInARealScrape() throws IOException {
		String scraped = scrape() + "\n" + TestMeters.scrapes();
		Set<String> exported = new TreeSet<>();
		for (String line : scraped.lines().toList()) {
			if (!line.isBlank() && !line.startsWith("#")) {
				exported.add(line.split("[{ ]", 2)[0]);
			}
		}
		for (String file : List.of("ferry-dashboard.json", "ferry-alerts.yml")) {
			Set<String> used = metricNames(Files.readString(MONITORING.resolve(file)));
			assertThat(used).as(file + " uses Ferry's metrics").hasSizeGreaterThanOrEqualTo(8);
			assertThat(exported).as("metrics " + file + " uses").containsAll(used);
		}
		assertThat(Files.readString(MONITORING.resolve("prometheus.yml"))).contains("/actuator/prometheus")
			.contains("ferry-alerts.yml")
			.contains("username: metrics");
	}

	/**
	 * The names of Ferry's metrics in PromQL expressions: identifiers starting ferry_.
	 */
	static Set<String> metricNames(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\b(ferry_[a-z0-9_]+)").matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private List<String> assignPeople(ProvisioningWorld world, String... firstNames) {
		List<String> emails = new ArrayList<>();
		for (String first : firstNames) {
			world.assign(world.person(first, "Metric"));
			emails.add(world.email(first, "Metric"));
		}
		return emails;
	}

	private static void awaitInShareFile(ProvisioningWorld world, List<String> emails) {
		await().atMost(CONVERGE)
			.untilAsserted(() -> emails.forEach(email -> assertThat(world.shareFileUser(email)).as(email).isNotNull()));
	}

	private boolean finishedReconcile(ProvisioningWorld world) {
		return world.as(() -> provisioning.latestRuns(20))
			.stream()
			.anyMatch(run -> run.kind() == RunKind.RECONCILE && run.finished() && Objects.nonNull(run.finishedAt()));
	}

	/** Latency samples in the organisation's rows of the dashboard's hourly rollup. */
	private long rollupSamples(ProvisioningWorld world) {
		Long samples = world.as(() -> jdbc
			.queryForObject("select coalesce(sum(n), 0) from operation_hour, unnest(latency) as n", Long.class));
		return samples == null ? 0 : samples;
	}

	private static long latencyCount(String slug) {
		return (long) TestMeters.sum("ferry.provisioning.change.latency",
				s -> s.timers().stream().mapToLong(Timer::count).sum(), "tenant", slug);
	}

	private static double counter(String name, String... tags) {
		return TestMeters.sum(name, ObservabilityIT::counts, tags);
	}

	private static double failures(String slug) {
		return TestMeters.sum("ferry.work.failures", ObservabilityIT::counts, "tenant", slug);
	}

	private static double counts(Search search) {
		return search.counters().stream().mapToDouble(Counter::count).sum();
	}

	private static double gauges(Search search) {
		return search.gauges().stream().mapToDouble(Gauge::value).max().orElse(0);
	}

	/**
	 * The organisation's queue gauge as reported by the process that runs maintenance
	 * (the others report none).
	 */
	private static double queueGauge(String slug, String status) {
		return TestMeters.max("ferry.work.queue.jobs", ObservabilityIT::gauges, "tenant", slug, "status", status);
	}

	private RestClient http() {
		return RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	private String scrape() {
		return http().get()
			.uri("/actuator/prometheus")
			.headers(h -> h.setBasicAuth("metrics", web.metricsPassword()))
			.retrieve()
			.body(String.class);
	}

	private int status(String password) {
		return http().get().uri("/actuator/prometheus").headers(h -> {
			if (password != null) {
				h.setBasicAuth("metrics", password);
			}
		}).exchange((request, response) -> response.getStatusCode()).value();
	}

	/**
	 * A series' value in a scrape, found by name, target and tenant tags; 0 when absent.
	 */
	static double scrapeValue(String scrape, String name, String target, String tenant) {
		for (String line : scrape.lines().toList()) {
			if (line.startsWith(name + "{") && line.contains("target=\"" + target + "\"")
					&& line.contains("tenant=\"" + tenant + "\"")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return 0;
	}

}
