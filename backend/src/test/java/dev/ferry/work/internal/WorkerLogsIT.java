package dev.ferry.work.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.system.RequestOrigin;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;
import dev.ferry.work.WorkQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker's log lines as JSON (the encoder {@code FERRY_LOG_FORMAT=json} selects, Spring
 * Boot's ECS format) carry the organisation, the job and the correlation id of the
 * request that queued the job, also in the job that job queues in turn: an operator can
 * follow one change from its request through every job it caused.
 */
@FerryIntegrationTest
class WorkerLogsIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final org.slf4j.Logger handlerLog = LoggerFactory.getLogger("dev.ferry.test.handler");

	@Autowired
	WorkQueue queue;

	@Autowired
	Tenants tenants;

	@Autowired
	JdbcTemplate jdbc;

	final Lines lines = new Lines();

	Logger root;

	@BeforeEach
	void captureJsonLines() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		// what FERRY_LOG_FORMAT=json selects (LogFormatTest)
		encoder.setFormat("ecs");
		encoder.start();
		lines.encoder = encoder;
		lines.setContext(context);
		lines.start();
		root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.addAppender(lines);
	}

	@AfterEach
	void stopCapturing() {
		root.detachAppender(lines);
		lines.stop();
	}

	@Test
	void aJobsLogLinesCarryTheOrganisationTheJobAndTheRequestsCorrelationId() {
		UUID tenant = WorkTesting.newTenant(tenants, "logs");
		String slug = jdbc.queryForObject("select slug from tenant where id = ?", String.class, tenant);
		String first = "logs-" + UUID.randomUUID();
		String followUp = first + "-next";
		TestJobs.behave(first, job -> {
			handlerLog.info("handling {}", job.key());
			if (job.attempt() == 1) {
				throw new ConnectorException(Kind.RETRYABLE, "ShareFile said 503", 503, null, null);
			}
			queue.enqueue(TestJobs.KIND, followUp, Map.of());
		});
		TestJobs.behave(followUp, job -> handlerLog.info("handling {}", job.key()));

		// as a request would: RequestOriginFilter puts its correlation id in the MDC
		String correlation = "req-" + UUID.randomUUID().toString().substring(0, 8);
		MDC.put(RequestOrigin.CORRELATION_ID, correlation);
		try {
			TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, first, Map.of()));
		}
		finally {
			MDC.remove(RequestOrigin.CORRELATION_ID);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> TestJobs.callCount(followUp) == 1);

		String firstId = jobId(tenant, first);
		String followUpId = jobId(tenant, followUp);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			List<JsonNode> handled = lines.json("handling " + first);
			assertThat(handled).as("both attempts").hasSize(2);
			for (JsonNode line : handled) {
				assertThat(line.path("tenant").asString()).isEqualTo(slug);
				assertThat(line.path("correlationId").asString()).isEqualTo(correlation);
				assertThat(line.path("jobId").asString()).isEqualTo(firstId);
				assertThat(line.path("jobKind").asString()).isEqualTo(TestJobs.KIND);
				assertThat(line.path("@timestamp").asString()).isNotBlank();
				assertThat(line.path("log").path("level").asString()).isEqualTo("INFO");
			}
			// the work module's own line about the failed attempt, in the same context
			List<JsonNode> failed = lines.jsonStarting("Job " + firstId);
			assertThat(failed).isNotEmpty();
			assertThat(failed.get(0).path("correlationId").asString()).isEqualTo(correlation);
			assertThat(failed.get(0).path("tenant").asString()).isEqualTo(slug);
			// the job it queued follows the same change
			List<JsonNode> next = lines.json("handling " + followUp);
			assertThat(next).hasSize(1);
			assertThat(next.get(0).path("correlationId").asString()).isEqualTo(correlation);
			assertThat(next.get(0).path("jobId").asString()).isEqualTo(followUpId);
		});
		assertThat(TenantContext.call(tenant, () -> jdbc
			.queryForList("select correlation_id from job where job_key in (?, ?)", String.class, first, followUp)))
			.containsOnly(correlation);
	}

	@Test
	void aJobNoRequestQueuedIsCorrelatedByItsOwnId() {
		UUID tenant = WorkTesting.newTenant(tenants, "logs");
		String key = "logs-" + UUID.randomUUID();
		TestJobs.behave(key, job -> handlerLog.info("handling {}", job.key()));
		TenantContext.run(tenant, () -> queue.enqueue(TestJobs.KIND, key, Map.of()));
		await().atMost(Duration.ofSeconds(30)).until(() -> TestJobs.callCount(key) == 1);
		String id = jobId(tenant, key);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			List<JsonNode> handled = lines.json("handling " + key);
			assertThat(handled).hasSize(1);
			assertThat(handled.get(0).path("correlationId").asString()).isEqualTo(id);
		});
	}

	/**
	 * The switch itself, as an operator sets it: a whole Ferry process started with
	 * {@code FERRY_LOG_FORMAT=json} writes every log line as one JSON object.
	 */
	@Test
	void withFerryLogFormatJsonAWholeProcessLogsJsonLines() throws Exception {
		try (FerryProcess web = FerryProcess.start("json-logs", "web", Sandbox.freePort(), Map.of(),
				Map.of("FERRY_LOG_FORMAT", "json"))) {
			List<String> logged = Files.readAllLines(web.log());
			// the JVM itself may print a warning or two before logging starts
			List<String> fromLogging = logged.stream().filter(line -> line.startsWith("{")).toList();
			assertThat(fromLogging).isNotEmpty();
			List<JsonNode> json = fromLogging.stream().map(line -> JSON.readTree(line)).toList();
			assertThat(json).allSatisfy(line -> {
				assertThat(line.path("@timestamp").asString()).isNotBlank();
				assertThat(line.path("service").path("name").asString()).isEqualTo("ferry");
			});
			assertThat(json).anySatisfy(line -> assertThat(line.path("message").asString()).startsWith("Started "));
			assertThat(logged).as("no plain lines (Boot's pattern starts with the date)")
				.noneMatch(line -> line.matches("^\\d{4}-\\d{2}-\\d{2}T.*"));
		}
	}

	private String jobId(UUID tenant, String key) {
		return TenantContext.call(tenant,
				() -> jdbc.queryForObject("select id::text from job where job_key = ?", String.class, key));
	}

	/** Every line logged meanwhile, encoded as JSON by Boot's structured encoder. */
	static final class Lines extends AppenderBase<ILoggingEvent> {

		final List<String> encoded = new CopyOnWriteArrayList<>();

		StructuredLogEncoder encoder;

		@Override
		protected void append(ILoggingEvent event) {
			encoded.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
		}

		/** The lines whose message is this one. */
		List<JsonNode> json(String message) {
			return parsed().stream().filter(node -> node.path("message").asString().equals(message)).toList();
		}

		/** The lines whose message starts so. */
		List<JsonNode> jsonStarting(String messageStart) {
			return parsed().stream().filter(node -> node.path("message").asString().startsWith(messageStart)).toList();
		}

		private List<JsonNode> parsed() {
			return encoded.stream().map(line -> JSON.readTree(line)).toList();
		}

	}

}
