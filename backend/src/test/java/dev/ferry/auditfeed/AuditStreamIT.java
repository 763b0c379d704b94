package dev.ferry.auditfeed;

import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.test.BrowserExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;
import dev.ferry.test.TestServicesInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Streaming to real receivers over TLS: an HTTPS webhook that checks every call's HMAC
 * and a syslog receiver that parses RFC 5425 frames. Every event arrives, in order, and
 * is accepted exactly once — through a receiver's failures, and through a Ferry process
 * killed with SIGKILL while a batch was on the wire (its batch is sent again, never
 * skipped). This context runs without the scheduler role, so the test decides when this
 * process delivers and, in the crash test, only the separate process does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ContextConfiguration(initializers = { TestServicesInitializer.class, AuditStreamIT.Receivers.class })
@ActiveProfiles("test")
class AuditStreamIT {

	private static final AuditEntry.Actor ADMIN = AuditEntry.Actor.member("00uadmin", "Admin");

	@Autowired
	Tenants tenants;

	@Autowired
	AuditStreams streams;

	@Autowired
	StreamDelivery delivery;

	@Autowired
	AuditLog audit;

	@Autowired
	JdbcTemplate jdbc;

	final TestReceivers receivers = TestReceivers.get();

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aWebhookReceivesEveryEventOnceSignedAndInChainOrder() throws Exception {
		Tenant acme = tenant("stream-hook");
		AuditEvents.write(audit, acme.id(), 23, "member.role.changed");
		UUID id = webhook(acme);

		deliverUntilCaughtUp(acme, id);

		List<TestReceivers.Call> calls = receivers.webhook.calls(acme.id());
		assertThat(calls).allSatisfy(call -> {
			assertThat(call.signed()).as("HMAC checked by the receiver").isTrue();
			assertThat(call.status()).isEqualTo(200);
			assertThat(call.seqs()).hasSizeLessThanOrEqualTo(5);
			assertThat(call.delivery()).isEqualTo(id + ":" + call.seqs().getFirst() + "-" + call.seqs().getLast());
		});
		assertThat(calls.stream().flatMap(c -> c.seqs().stream()).toList()).containsExactlyElementsOf(oneTo(end(acme)));
		AuditEvents.assertChain(calls.stream().flatMap(c -> c.events().stream()).toList(), null);
		AuditStreams.Destination status = destination(acme, id);
		assertThat(status.lagEvents()).isZero();
		assertThat(status.lastSuccessAt()).isNotNull();
		assertThat(status.lastError()).isNull();
	}

	@Test
	void aReceiverThatFailsIsSentTheSameEventsAgainUntilItAcceptsThemAndNothingIsSkipped() throws Exception {
		Tenant acme = tenant("stream-fail");
		AuditEvents.write(audit, acme.id(), 12, "member.invited");
		UUID id = webhook(acme);
		receivers.webhook.fail(acme.id(), 3);

		// the first attempt is refused: the page says so in words, and the cursor stays
		TenantContext.run(acme.id(), () -> delivery.deliverDue());
		AuditStreams.Destination failing = destination(acme, id);
		assertThat(failing.cursor()).isZero();
		assertThat(failing.failures()).isEqualTo(1);
		assertThat(failing.lastError().code()).isEqualTo("auditfeed.error.status");
		assertThat(failing.lastError().args()).contains("500");
		assertThat(failing.nextAttemptAt()).isAfter(failing.lastAttemptAt());

		deliverUntilCaughtUp(acme, id);

		List<TestReceivers.Call> calls = receivers.webhook.calls(acme.id());
		assertThat(calls.stream().filter(c -> c.status() == 500)).hasSize(3)
			.allSatisfy(c -> assertThat(c.seqs().getFirst()).isEqualTo(1L));
		List<Long> accepted = calls.stream().filter(c -> c.status() == 200).flatMap(c -> c.seqs().stream()).toList();
		assertThat(accepted).containsExactlyElementsOf(oneTo(end(acme)));
		assertThat(destination(acme, id).lastError()).isNull();
		assertThat(destination(acme, id).failures()).isZero();
	}

	@Test
	void aFerryKilledWhileABatchIsOnTheWireSkipsNothingAndTheNextSenderResendsThatBatch() throws Exception {
		Tenant acme = tenant("stream-crash");
		AuditEvents.write(audit, acme.id(), 21, "member.role.changed");
		UUID id = webhook(acme);
		// the third call is read by the receiver and never answered
		receivers.webhook.holdCall(acme.id(), 3);
		Map<String, Object> extra = new HashMap<>(Receivers.properties(Sandbox.get().port()));
		extra.put("ferry.roles", "web,scheduler");
		try (FerryProcess first = FerryProcess.start("stream-sender", "web,scheduler", Sandbox.freePort(), extra)) {
			assertThat(receivers.webhook.held.await(3, java.util.concurrent.TimeUnit.MINUTES))
				.as("the separate Ferry sent the third batch")
				.isTrue();
			first.kill();
		}
		receivers.webhook.release.countDown();
		List<TestReceivers.Call> before = receivers.webhook.calls(acme.id());
		assertThat(before).hasSize(3);
		TestReceivers.Call held = before.get(2);
		assertThat(held.status()).isZero();
		// the killed process never committed the held batch: the cursor is where the
		// receiver last said yes
		assertThat(destination(acme, id).cursor()).isEqualTo(before.get(1).seqs().getLast());

		deliverUntilCaughtUp(acme, id);

		List<TestReceivers.Call> calls = receivers.webhook.calls(acme.id());
		List<Long> accepted = calls.stream().filter(c -> c.status() == 200).flatMap(c -> c.seqs().stream()).toList();
		assertThat(accepted).as("accepted exactly once each, in order").containsExactlyElementsOf(oneTo(end(acme)));
		// the receiver saw the held batch twice, under the same delivery id: it can drop
		// the second
		assertThat(calls.get(3).delivery()).isEqualTo(held.delivery());
		assertThat(calls.get(3).seqs()).isEqualTo(held.seqs());
		Set<Long> everything = new HashSet<>();
		calls.forEach(c -> everything.addAll(c.seqs()));
		assertThat(everything).containsExactlyInAnyOrderElementsOf(oneTo(end(acme)));
	}

	@Test
	void aSyslogReceiverOverTlsGetsOneRfc5424MessagePerEventWithTheChainInItsStructuredData() throws Exception {
		Tenant acme = tenant("stream-syslog");
		AuditEvents.write(audit, acme.id(), 8, "member.invited");
		UUID id = TenantContext.call(acme.id(),
				() -> streams.create("Syslog", AuditStreams.Kind.SYSLOG, "127.0.0.1:" + receivers.syslog.port(), ADMIN)
					.id());
		assertThat(TenantContext.call(acme.id(), () -> streams.test(id, ADMIN))).isEmpty();

		deliverUntilCaughtUp(acme, id);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(receivers.syslog.messages(acme.id())).hasSizeGreaterThan((int) end(acme) - 1));
		List<TestReceivers.Message> messages = receivers.syslog.messages(acme.id());
		assertThat(receivers.syslog.problems).isEmpty();
		assertThat(messages.getFirst().data()).containsEntry("test", "true");
		List<TestReceivers.Message> events = messages.subList(1, messages.size());
		assertThat(events).extracting(m -> Long.parseLong(m.data().get("seq")))
			.containsExactlyElementsOf(oneTo(end(acme)));
		List<JsonNode> parsed = new ArrayList<>();
		for (TestReceivers.Message message : events) {
			assertThat(message.appName()).isEqualTo("ferry");
			assertThat(message.priority()).isEqualTo(13 * 8 + 6);
			assertThat(message.data()).containsEntry("@id", "ferry@32473").containsEntry("org", acme.slug());
			JsonNode event = json.readTree(message.text());
			assertThat(message.data().get("hash")).isEqualTo(event.get("hash").asString());
			assertThat(message.msgId()).isEqualTo(event.get("action").asString());
			assertThat(message.timestamp()).isEqualTo(event.get("occurredAt").asString());
			parsed.add(event);
		}
		AuditEvents.assertChain(parsed, null);
	}

	@Test
	void pausedDestinationsWaitAndAddressesOutsideTheAllowedOnesAreRefused() throws Exception {
		Tenant acme = tenant("stream-pause");
		UUID id = webhook(acme);
		TenantContext.run(acme.id(), () -> streams.pause(id, ADMIN));
		TenantContext.run(acme.id(), () -> delivery.deliverDue());
		assertThat(receivers.webhook.calls(acme.id())).isEmpty();
		assertThat(destination(acme, id).paused()).isTrue();
		TenantContext.run(acme.id(), () -> streams.resume(id, ADMIN));
		deliverUntilCaughtUp(acme, id);
		assertThat(receivers.webhook.calls(acme.id())).isNotEmpty();

		for (String address : List.of("https://10.0.0.7/siem", "https://127.0.0.1:1/siem",
				"http://127.0.0.1:" + receivers.webhook.port() + "/siem", "https://user@siem.example.com/x", "")) {
			assertThatThrownBy(() -> TenantContext.call(acme.id(),
					() -> streams.create("Bad", AuditStreams.Kind.WEBHOOK, address, ADMIN)))
				.as(address)
				.isInstanceOf(Refusal.class);
		}
		for (String address : List.of("10.0.0.7:6514", "127.0.0.1:1", "siem.example.com", "a:b")) {
			assertThatThrownBy(() -> TenantContext.call(acme.id(),
					() -> streams.create("Bad", AuditStreams.Kind.SYSLOG, address, ADMIN)))
				.as(address)
				.isInstanceOf(Refusal.class);
		}
		Integer actions = TenantContext.call(acme.id(),
				() -> jdbc.queryForObject(
						"select count(*) from audit_event where tenant_id = ? and action in "
								+ "('audit.stream.created', 'audit.stream.paused', 'audit.stream.resumed')",
						Integer.class, acme.id()));
		assertThat(actions).isEqualTo(3);
	}

	@Autowired
	Members members;

	@Value("${ferry.public-url}")
	String portal;

	/**
	 * In Chromium, an owner makes an API token (shown once, then used and revoked), adds
	 * a webhook, sees it failing in words while the receiver answers 500, and up to date
	 * once it accepts; at desktop and phone widths.
	 */
	@Test
	@ExtendWith(BrowserExtension.class)
	void theDeliveryPageMakesTokensAndDestinationsAndSaysHowEachIsDoing(Page page) throws Exception {
		Sandbox sandbox = Sandbox.get();
		Tenant acme = tenants.create(new NewTenant(TestTenants.uniqueSlug("acme"), "Acme", TenantKind.CUSTOMER, null,
				sandbox.oktaIssuer("acme"), "ferry-portal", "ferry-portal-secret-acme", List.of()));
		sandbox.registerPortal("acme", portal, acme.slug());
		TenantContext.run(acme.id(),
				() -> members.invite("it.admin@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER));
		AuditEvents.write(audit, acme.id(), 30, "member.role.changed");
		page.navigate(portal + "/login");
		page.getByLabel("Organisation or work e-mail").fill(acme.slug());
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
		page.getByLabel("Username").fill("it.admin@acme.example");
		page.getByLabel("Password").fill("Ferry-demo-1");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page)
			.hasURL(portal + "/t/" + acme.slug() + "/");
		String url = portal + "/t/" + acme.slug() + "/audit/delivery";
		page.navigate(url);
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByText("No API token yet."))
			.isVisible();

		page.getByLabel("Token name").fill("Splunk");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token")).click();
		String token = page.locator("code.new-token").textContent().strip();
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest read = HttpRequest.newBuilder(URI.create(page.locator("code.api-base").textContent() + "/events"))
			.header("Authorization", "Bearer " + token)
			.build();
		assertThat(http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		page.navigate(url);
		assertThat(page.locator("code.new-token").count()).as("shown once").isZero();
		Locator row = page.locator("tr", new Page.LocatorOptions().setHasText("Splunk"));
		assertThat(row.textContent()).doesNotContain("Never");

		page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Sentinel");
		page.getByLabel("Kind").selectOption("WEBHOOK");
		page.getByLabel("Address").fill("https://127.0.0.1:" + receivers.webhook.port() + "/siem");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add destination")).click();
		String secret = page.locator("code.new-secret").textContent().strip();
		receivers.webhook.secret(acme.id(), secret);
		receivers.webhook.fail(acme.id(), 3);
		UUID id = TenantContext.call(acme.id(), () -> streams.list().getFirst().id());
		TenantContext.run(acme.id(), () -> delivery.deliverDue());
		page.navigate(url);
		Locator stream = page.locator("#stream-" + id);
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(stream.locator(".badge"))
			.hasText("Failing");
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(stream.locator(".stream-error"))
			.containsText("answered HTTP 500");
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(stream.locator(".stream-lag"))
			.containsText("events, the oldest waiting");
		Path shots = Path.of("target", "screenshots");
		page.screenshot(
				new Page.ScreenshotOptions().setPath(shots.resolve("audit-delivery-failing.png")).setFullPage(true));

		deliverUntilCaughtUp(acme, id);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send a test event to Sentinel")).click();
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator(".flash"))
			.containsText("accepted the test event");
		deliverUntilCaughtUp(acme, id);
		page.navigate(url);
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(stream.locator(".badge"))
			.hasText("Running");
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(stream.locator(".stream-lag"))
			.hasText("Up to date");
		page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("audit-delivery.png")).setFullPage(true));
		page.setViewportSize(390, 844);
		page.screenshot(
				new Page.ScreenshotOptions().setPath(shots.resolve("audit-delivery-phone.png")).setFullPage(true));
		page.setViewportSize(1280, 900);

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause Sentinel")).click();
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(stream.locator(".badge")).hasText("Paused");

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke the token Splunk")).click();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke it")).click();
		com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByText("No API token yet."))
			.isVisible();
		assertThat(http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
	}

	private Tenant tenant(String prefix) {
		return tenants.create(new NewTenant(TestTenants.uniqueSlug(prefix), prefix, TenantKind.CUSTOMER, null,
				"https://" + prefix + ".okta.com", "ferry-portal", "secret", List.of()));
	}

	private UUID webhook(Tenant tenant) {
		AuditStreams.Created created = TenantContext.call(tenant.id(), () -> streams.create("SIEM",
				AuditStreams.Kind.WEBHOOK, "https://127.0.0.1:" + receivers.webhook.port() + "/siem", ADMIN));
		assertThat(created.secret()).isNotBlank();
		receivers.webhook.secret(tenant.id(), created.secret());
		return created.id();
	}

	/** Delivers, as the scheduler would, until the destination has every event. */
	private void deliverUntilCaughtUp(Tenant tenant, UUID id) {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			delivery.deliverDue();
			return destination(tenant, id).cursor() == end(tenant);
		});
	}

	private AuditStreams.Destination destination(Tenant tenant, UUID id) {
		return TenantContext.call(tenant.id(),
				() -> streams.list().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow());
	}

	private long end(Tenant tenant) {
		return TenantContext.call(tenant.id(), () -> jdbc
			.queryForObject("select max(chain_seq) from audit_event where tenant_id = ?", Long.class, tenant.id()));
	}

	private static List<Long> oneTo(long end) {
		return LongStream.rangeClosed(1, end).boxed().toList();
	}

	/**
	 * The receivers' addresses allowed, their certificate trusted (test-only), small
	 * batches and quick retries, and no scheduler role in this context.
	 */
	static class Receivers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Map<String, Object> properties = new HashMap<>(properties(Sandbox.get().port()));
			String allowed = context.getEnvironment().getProperty("ferry.allowed-hosts", "");
			properties.put("ferry.allowed-hosts", allowed + "," + properties.get("ferry.allowed-hosts"));
			properties.put("ferry.roles", "web,worker");
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("auditStreamTest", properties));
		}

		static Map<String, Object> properties(int sandboxPort) {
			TestReceivers receivers = TestReceivers.get();
			return Map.of("ferry.allowed-hosts",
					"127.0.0.1:" + sandboxPort + ",127.0.0.1:" + receivers.webhook.port() + ",127.0.0.1:"
							+ receivers.syslog.port(),
					"ferry.audit-stream.trust-store", receivers.trustStore.toString(),
					"ferry.audit-stream.trust-store-password", TestReceivers.PASSWORD, "ferry.audit-stream.batch-size",
					"5", "ferry.audit-stream.backoff-base", "100ms", "ferry.audit-stream.backoff-max", "400ms",
					"ferry.audit-stream.idle-poll", "100ms", "ferry.audit-stream.timeout", "5s");
		}

	}

}
