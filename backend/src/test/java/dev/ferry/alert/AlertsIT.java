package dev.ferry.alert;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;
import dev.ferry.test.Sandbox;
import dev.ferry.test.TestInbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Alerts delivered for real: e-mails to the JVM's SMTP server (GreenMail) and webhook
 * calls to a JDK HTTP server ({@link TestInbox}), from what Ferry recorded in PostgreSQL
 * (dead jobs, credential failures, throttled jobs), with the digest rule, the MSP's copy
 * of its customers' alerts and nothing crossing to another organisation. The digest
 * window is 3 s in tests (application-test.yml).
 */
@FerryIntegrationTest
class AlertsIT {

	static final AuditEntry.Actor ADMIN = AuditEntry.Actor.member("00uadmin", "Test Admin");

	static final Duration SOON = Duration.ofSeconds(20);

	@Autowired
	Alerts alerts;

	@Autowired
	Tenants tenants;

	@Autowired
	JdbcTemplate jdbc;

	final TestInbox inbox = TestInbox.get();

	final JsonMapper json = JsonMapper.builder().build();

	Tenant organisation(String prefix, TenantKind kind, String managedBy) {
		return tenants.create(new NewTenant(TestTenants.uniqueSlug(prefix),
				prefix + " " + UUID.randomUUID().toString().substring(0, 6), kind, managedBy,
				Sandbox.get().oktaIssuer("acme"), "ferry-portal", "secret", List.of()));
	}

	void settings(Tenant tenant, String emails, String webhook, List<String> kinds) {
		TenantContext.run(tenant.id(), () -> alerts.save(emails, webhook, false, kinds, "15", ADMIN));
	}

	static final List<String> ALL = List.of("HELD_PLAN", "DEAD_LETTER", "CONNECTION_FAILING", "THROTTLED");

	/** A job Ferry gave up on, as the work module records it. */
	void deadLetter(Tenant tenant, String key) {
		TenantContext.run(tenant.id(), () -> jdbc.update(
				"insert into job (id, tenant_id, kind, job_key, status, attempts, not_before, created_at, finished_at, "
						+ "error_kind, error_message) values (?, ?, 'identity.sync', ?, 'DEAD', 8, now(), now(), clock_timestamp(), "
						+ "'INVALID_REQUEST', 'ShareFile refused the e-mail address')",
				UUID.randomUUID(), tenant.id(), key));
	}

	static String mailbox(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@alerts.example";
	}

	@Test
	void theFirstDeadLetterGoesOutAtOnceAndTheNextOnesInOneDigestWhenTheWindowEnds() {
		Tenant acme = organisation("acme", TenantKind.CUSTOMER, null);
		String admin = mailbox("it");
		settings(acme, admin, "", ALL);

		deadLetter(acme, "person:00u1");
		await().atMost(SOON).until(() -> inbox.mailTo(admin).size() == 1);
		MimeMessage first = inbox.mailTo(admin).get(0);
		assertThat(TestInbox.subject(first))
			.isEqualTo("[Ferry] " + acme.displayName() + ": work was given up on (dead letter)");
		assertThat(TestInbox.text(first)).contains("person:00u1")
			.contains("ShareFile refused the e-mail address")
			.containsPattern(
					"Resolve it here: http://127\\.0\\.0\\.1:\\d+/t/" + acme.slug() + "/provisioning/dead-letters");

		// three more within the window: nothing now, then one message with all three
		deadLetter(acme, "person:00u2");
		deadLetter(acme, "person:00u3");
		deadLetter(acme, "person:00u4");
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> inbox.mailTo(admin).size() == 1);
		await().atMost(SOON).until(() -> inbox.mailTo(admin).size() == 2);
		MimeMessage digest = inbox.mailTo(admin).get(1);
		assertThat(TestInbox.subject(digest)).isEqualTo("[Ferry] 3 alerts: work was given up on (dead letter)");
		assertThat(TestInbox.text(digest)).contains("person:00u2", "person:00u3", "person:00u4")
			.doesNotContain("person:00u1");
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(5))
			.until(() -> inbox.mailTo(admin).size() == 2);

		List<RecentAlert> recent = TenantContext.call(acme.id(), () -> alerts.recent(10));
		assertThat(recent).hasSize(4).allSatisfy(alert -> {
			assertThat(alert.kind()).isEqualTo(AlertKind.DEAD_LETTER);
			assertThat(alert.delivery()).isEqualTo(RecentAlert.Delivery.SENT);
			assertThat(alert.own()).isTrue();
		});
		assertThat(TenantContext.call(acme.id(),
				() -> jdbc.queryForList("select batch_size from alert_delivery order by id", Integer.class)))
			.containsExactly(1, 3, 3, 3);
	}

	@Test
	void aWebhookGetsSlackCompatibleJsonAndItsAddressIsNeverShownAgain() throws Exception {
		Tenant globex = organisation("globex", TenantKind.CUSTOMER, null);
		String path = "/hooks/" + UUID.randomUUID();
		settings(globex, "", inbox.webhookUrl(path), ALL);
		AlertSettings saved = TenantContext.call(globex.id(), () -> alerts.settings());
		assertThat(saved.webhookHost()).isEqualTo("127.0.0.1");
		assertThat(saved.toString()).doesNotContain(path);
		String stored = TenantContext.call(globex.id(),
				() -> jdbc.queryForObject("select webhook_url from alert_settings", String.class));
		assertThat(stored).startsWith("v1:").doesNotContain(path);
		// saving again without typing the address keeps it
		settings(globex, "", "", ALL);

		deadLetter(globex, "group:sales");
		await().atMost(SOON).until(() -> inbox.calls(path).size() == 1);
		TestInbox.Call call = inbox.calls(path).get(0);
		assertThat(call.contentType()).startsWith("application/json");
		JsonNode body = json.readTree(call.body());
		assertThat(body.propertyNames()).containsExactly("text");
		assertThat(body.path("text").asString())
			.startsWith("[Ferry] " + globex.displayName() + ": work was given up on")
			.contains("group:sales")
			.containsPattern("http://127\\.0\\.0\\.1:\\d+/t/" + globex.slug() + "/provisioning/dead-letters");

		// a test alert goes at once, whatever the digest window
		assertThat(TenantContext.call(globex.id(), () -> alerts.sendTest(ADMIN))).isTrue();
		await().atMost(SOON).until(() -> inbox.calls(path).size() == 2);
		assertThat(json.readTree(inbox.calls(path).get(1).body()).path("text").asString()).contains("test alert")
			.contains("Test Admin");
	}

	@Test
	void aWebhookThatFailsIsRetriedAndTheFailureIsShown() {
		Tenant initech = organisation("initech", TenantKind.CUSTOMER, null);
		String path = "/failing/" + UUID.randomUUID();
		settings(initech, "", inbox.webhookUrl(path), ALL);
		deadLetter(initech, "person:00ufail");
		await().atMost(SOON).until(() -> inbox.calls(path).size() >= 2);
		RecentAlert alert = TenantContext.call(initech.id(), () -> alerts.recent(5)).get(0);
		assertThat(alert.delivery()).isEqualTo(RecentAlert.Delivery.PENDING);
		assertThat(alert.lastError()).contains("The webhook answered 500");
	}

	@Test
	void anMspHearsOfItsCustomersAlertsNamingThemAndNobodyHearsOfAnotherOrganisations() {
		Tenant msp = organisation("northwind", TenantKind.MSP, null);
		Tenant customer = organisation("acme", TenantKind.CUSTOMER, msp.slug());
		Tenant stranger = organisation("umbrella", TenantKind.CUSTOMER, null);
		Tenant otherMsp = organisation("contoso", TenantKind.MSP, null);
		String mspDesk = mailbox("msp");
		String customerAdmin = mailbox("acme");
		String strangerAdmin = mailbox("umbrella");
		String otherDesk = mailbox("contoso");
		settings(msp, mspDesk, "", ALL);
		settings(customer, customerAdmin, "", ALL);
		settings(stranger, strangerAdmin, "", ALL);
		settings(otherMsp, otherDesk, "", ALL);

		deadLetter(customer, "person:00ucustomer");
		await().atMost(SOON).until(() -> inbox.mailTo(mspDesk).size() == 1 && inbox.mailTo(customerAdmin).size() == 1);
		MimeMessage toMsp = inbox.mailTo(mspDesk).get(0);
		assertThat(TestInbox.subject(toMsp)).contains(customer.displayName());
		assertThat(TestInbox.text(toMsp))
			.contains(customer.displayName() + ": the identity.sync job for person:00ucustomer")
			.contains("/t/" + customer.slug() + "/provisioning/dead-letters");

		deadLetter(stranger, "person:00ustranger");
		await().atMost(SOON).until(() -> inbox.mailTo(strangerAdmin).size() == 1);
		// a few ticks more: nothing reached anyone else
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(inbox.mailTo(mspDesk)).hasSize(1);
		assertThat(inbox.mailTo(customerAdmin)).hasSize(1);
		assertThat(inbox.mailTo(otherDesk)).isEmpty();
		assertThat(TestInbox.text(inbox.mailTo(strangerAdmin).get(0))).doesNotContain(customer.displayName())
			.doesNotContain(customer.slug());

		// the pages' lists: the MSP sees its customer's alert, named; the others only
		// their own
		List<RecentAlert> atMsp = TenantContext.call(msp.id(), () -> alerts.recent(10));
		assertThat(atMsp).singleElement().satisfies(alert -> {
			assertThat(alert.own()).isFalse();
			assertThat(alert.organisation()).isEqualTo(customer.displayName());
			assertThat(alert.delivery()).isEqualTo(RecentAlert.Delivery.SENT);
		});
		assertThat(TenantContext.call(stranger.id(), () -> alerts.recent(10))).singleElement()
			.satisfies(alert -> assertThat(alert.organisation()).isEqualTo(stranger.displayName()));
		assertThat(TenantContext.call(otherMsp.id(), () -> alerts.recent(10))).isEmpty();
		// and in the database itself, under row-level security, no organisation's rows
		// are another's
		assertThat(TenantContext.call(stranger.id(),
				() -> jdbc.queryForObject("select count(*) from alert_delivery where source_tenant_id <> ?", Long.class,
						stranger.id())))
			.isZero();
	}

	@Test
	void credentialsThatStopWorkingAreAlertedOnceUntilTheyWorkAgain() {
		Tenant hooli = organisation("hooli", TenantKind.CUSTOMER, null);
		String admin = mailbox("hooli");
		settings(hooli, admin, "", List.of("CONNECTION_FAILING"));
		UUID job = UUID.randomUUID();
		// the engine's calls are refused for the credentials, and the job is being
		// retried
		TenantContext.run(hooli.id(), () -> jdbc
			.update("insert into job (id, tenant_id, kind, job_key, status, attempts, not_before, created_at, error_kind, "
					+ "error_message) values (?, ?, 'reconcile', 'all', 'PENDING', 2, now() + interval '1 hour', now(), "
					+ "'INVALID_CREDENTIAL', 'ShareFile refused the admin password')", job, hooli.id()));
		await().atMost(SOON).until(() -> inbox.mailTo(admin).size() == 1);
		assertThat(TestInbox.subject(inbox.mailTo(admin).get(0))).contains("a connection stopped working");
		assertThat(TestInbox.text(inbox.mailTo(admin).get(0))).contains("ShareFile refused the admin password")
			.contains("/t/" + hooli.slug() + "/connections");
		// still failing: no second alert
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(TenantContext.call(hooli.id(),
				() -> jdbc.queryForObject("select count(*) from alert where kind = 'CONNECTION_FAILING'", Long.class)))
			.isEqualTo(1);
		// fixed (the job got through), then failing again: a new alert
		TenantContext.run(hooli.id(),
				() -> jdbc.update("update job set status = 'DONE', finished_at = now() where id = ?", job));
		await().atMost(SOON)
			.until(() -> TenantContext
				.call(hooli.id(),
						() -> jdbc.queryForObject("select active from alert_watch where subject = 'connections'",
								Boolean.class))
				.equals(false));
		TenantContext.run(hooli.id(), () -> jdbc.update(
				"update job set status = 'PENDING', finished_at = null, not_before = now() + interval '1 hour' where id = ?",
				job));
		await().atMost(SOON)
			.until(() -> TenantContext.call(hooli.id(), () -> jdbc
				.queryForObject("select count(*) from alert where kind = 'CONNECTION_FAILING'", Long.class)) == 2);
	}

	@Test
	void throttlingLongerThanTheThresholdIsAlerted() {
		Tenant stark = organisation("stark", TenantKind.CUSTOMER, null);
		String admin = mailbox("stark");
		settings(stark, admin, "", List.of("THROTTLED"));
		// held back for 10 minutes: under the 15-minute threshold
		TenantContext.run(stark.id(), () -> jdbc.update(
				"insert into job (id, tenant_id, kind, job_key, status, attempts, not_before, created_at, throttled_since) "
						+ "values (?, ?, 'reconcile', 'all', 'PENDING', 0, now() + interval '1 minute', now(), now() - interval '10 minutes')",
				UUID.randomUUID(), stark.id()));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(inbox.mailTo(admin)).isEmpty();
		// now for 20
		TenantContext.run(stark.id(),
				() -> jdbc.update("update job set throttled_since = now() - interval '20 minutes'"));
		await().atMost(SOON).until(() -> inbox.mailTo(admin).size() == 1);
		assertThat(TestInbox.text(inbox.mailTo(admin).get(0)))
			.contains("1 job(s) held back by throttling for 20 minutes")
			.contains("/t/" + stark.slug() + "/provisioning");
	}

	@Test
	void badSettingsAreRefusedAndNothingIsSaved() {
		Tenant wayne = organisation("wayne", TenantKind.CUSTOMER, null);
		settings(wayne, "ops@wayne.example", "", ALL);
		assertThatThrownBy(() -> settings(wayne, "ops@wayne.example, not-an-address", "", ALL)).isInstanceOfSatisfying(
				Refusal.class, refusal -> assertThat(refusal.problem().code()).isEqualTo("alerts.problem.email"));
		assertThatThrownBy(() -> settings(wayne, "ops@wayne.example", "https://10.0.0.7/hook", ALL))
			.isInstanceOfSatisfying(Refusal.class,
					refusal -> assertThat(refusal.problem().code()).isEqualTo("alerts.problem.webhookPrivate"));
		assertThatThrownBy(() -> settings(wayne, "ops@wayne.example", "http://hooks.slack.com/services/x", ALL))
			.isInstanceOfSatisfying(Refusal.class,
					refusal -> assertThat(refusal.problem().code()).isEqualTo("alerts.problem.webhookHttps"));
		assertThatThrownBy(
				() -> TenantContext.run(wayne.id(), () -> alerts.save("ops@wayne.example", "", false, ALL, "0", ADMIN)))
			.isInstanceOf(Refusal.class);
		AlertSettings kept = TenantContext.call(wayne.id(), () -> alerts.settings());
		assertThat(kept.emails()).containsExactly("ops@wayne.example");
		assertThat(kept.webhookSet()).isFalse();
		assertThat(kept.throttleMinutes()).isEqualTo(15);
	}

}
