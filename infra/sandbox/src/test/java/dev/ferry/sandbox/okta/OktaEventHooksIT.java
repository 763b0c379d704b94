package dev.ferry.sandbox.okta;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ferry.sandbox.okta.OktaHttp.ACME_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** Event hooks: management, verification and delivery (docs/reference/okta.md §5). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaEventHooksIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	HookReceiver receiver;

	@BeforeEach
	void setUp() throws Exception {
		http = new OktaHttp(port);
		http.post("/sandbox/api/reset", null, null);
		receiver = new HookReceiver();
		receiver.byDefault(request -> "GET".equals(request.method())
				? new HookReceiver.Reply(200,
						"{\"verification\":\"" + request.headers().getFirst("x-okta-verification-challenge") + "\"}")
				: new HookReceiver.Reply(200, ""));
	}

	@AfterEach
	void tearDown() {
		receiver.close();
	}

	@Test
	void createsAHookThatNeverShowsItsSecret() {
		JsonNode hook = create();
		assertThat(hook.path("id").asString()).startsWith("who").hasSize(20);
		assertThat(hook.path("status").asString()).isEqualTo("ACTIVE");
		assertThat(hook.path("verificationStatus").asString()).isEqualTo("UNVERIFIED");
		assertThat(hook.path("channel").path("config").path("method").asString()).isEqualTo("POST");
		assertThat(hook.path("channel").path("config").path("authScheme").path("key").asString())
			.isEqualTo("Authorization");
		assertThat(hook.toString()).doesNotContain("shared-secret");
		assertThat(http.get("/okta/acme/api/v1/eventHooks", ACME_TOKEN).json()).hasSize(1);
		assertThat(http.get("/okta/acme/api/v1/eventHooks/whoNOPE", ACME_TOKEN).errorCode()).isEqualTo("E0000007");
		assertThat(http.post("/okta/acme/api/v1/eventHooks", ACME_TOKEN, "{\"name\":\"x\"}").status()).isEqualTo(400);
	}

	@Test
	void verifiesWithTheOneTimeChallenge() throws Exception {
		String id = create().path("id").asString();
		OktaHttp.Response verified = http.post("/okta/acme/api/v1/eventHooks/" + id + "/lifecycle/verify", ACME_TOKEN,
				null);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().path("verificationStatus").asString()).isEqualTo("VERIFIED");
		HookReceiver.Received challenge = receiver.next();
		assertThat(challenge.method()).isEqualTo("GET");
		assertThat(challenge.headers().getFirst("x-okta-verification-challenge")).isNotBlank();
		assertThat(challenge.headers().getFirst("Authorization")).isEqualTo("shared-secret");
	}

	@Test
	void failedVerificationIs400AfterOneRetry() throws Exception {
		String id = create().path("id").asString();
		receiver.byDefault(request -> new HookReceiver.Reply(500, ""));
		OktaHttp.Response failed = http.post("/okta/acme/api/v1/eventHooks/" + id + "/lifecycle/verify", ACME_TOKEN,
				null);
		assertThat(failed.status()).isEqualTo(400);
		assertThat(receiver.drain(300)).hasSize(2);
		receiver.byDefault(request -> new HookReceiver.Reply(200, "{\"verification\":\"wrong\"}"));
		assertThat(http.post("/okta/acme/api/v1/eventHooks/" + id + "/lifecycle/verify", ACME_TOKEN, null).status())
			.isEqualTo(400);
		assertThat(receiver.drain(300)).hasSize(1);
		assertThat(
				http.get("/okta/acme/api/v1/eventHooks/" + id, ACME_TOKEN).json().path("verificationStatus").asString())
			.isEqualTo("UNVERIFIED");
	}

	@Test
	void deliversBatchedEventsWithTheAuthorizationHeader() throws Exception {
		verified();
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/suspend", ACME_TOKEN, null);
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/unsuspend", ACME_TOKEN, null);
		// not subscribed: never delivered
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example", ACME_TOKEN, "{\"profile\":{\"title\":\"x\"}}");
		HookReceiver.Received delivery = receiver.next();
		assertThat(delivery.method()).isEqualTo("POST");
		assertThat(delivery.headers().getFirst("Authorization")).isEqualTo("shared-secret");
		assertThat(delivery.headers().getFirst("X-Other-Header")).isEqualTo("v");
		assertThat(delivery.headers().getFirst("Content-Type")).startsWith("application/json");
		JsonNode envelope = OktaHttp.parse(delivery.body());
		assertThat(envelope.path("eventType").asString()).isEqualTo("com.okta.event_hook");
		assertThat(envelope.path("eventTypeVersion").asString()).isEqualTo("1.0");
		assertThat(envelope.path("cloudEventsVersion").asString()).isEqualTo("0.1");
		assertThat(envelope.path("source").asString()).startsWith(http.base() + "/okta/acme/api/v1/eventHooks/who");
		assertThat(envelope.path("eventId").asString()).isNotBlank();
		assertThat(envelope.path("data").path("events").findValuesAsString("eventType"))
			.containsExactly("user.lifecycle.suspend", "user.lifecycle.unsuspend");
		assertThat(receiver.drain(500)).isEmpty();
	}

	@Test
	void inactiveOrUnverifiedHooksGetNothing() throws Exception {
		String id = create().path("id").asString();
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/suspend", ACME_TOKEN, null);
		assertThat(receiver.drain(500)).isEmpty();
		http.post("/okta/acme/api/v1/eventHooks/" + id + "/lifecycle/verify", ACME_TOKEN, null);
		receiver.next();
		http.post("/okta/acme/api/v1/eventHooks/" + id + "/lifecycle/deactivate", ACME_TOKEN, null);
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/unsuspend", ACME_TOKEN, null);
		assertThat(receiver.drain(500)).isEmpty();
		assertThat(http.delete("/okta/acme/api/v1/eventHooks/" + id, ACME_TOKEN).status()).isEqualTo(204);
	}

	@Test
	void retriesOnceOn500ButNotOn400() throws Exception {
		verified();
		receiver.thenReply(500, "");
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/suspend", ACME_TOKEN, null);
		List<HookReceiver.Received> attempts = receiver.drain(1000);
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());

		receiver.thenReply(400, "");
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/unsuspend", ACME_TOKEN, null);
		assertThat(receiver.drain(1000)).hasSize(1);

		receiver.thenReply(500, "");
		receiver.thenReply(503, "");
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/suspend", ACME_TOKEN, null);
		assertThat(receiver.drain(1000)).hasSize(2);
		JsonNode failures = http
			.get("/okta/acme/api/v1/logs?filter=" + OktaHttp.encode("eventType eq \"event_hook.delivery\""), ACME_TOKEN)
			.json();
		assertThat(failures.findValuesAsString("result")).containsExactly("FAILURE", "FAILURE");
	}

	@Test
	void theSwitchDuplicatesAndReordersDeliveries() throws Exception {
		verified();
		http.put("/sandbox/api/okta/acme/event-hooks/delivery", null, "{\"duplicateAndReorder\":true}");
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/suspend", ACME_TOKEN, null);
		http.post("/okta/acme/api/v1/users/ben.reed@acme.example/lifecycle/unsuspend", ACME_TOKEN, null);
		List<HookReceiver.Received> deliveries = receiver.drain(1000);
		assertThat(deliveries).hasSize(2);
		List<String> uuids = new ArrayList<>();
		for (HookReceiver.Received delivery : deliveries) {
			JsonNode events = OktaHttp.parse(delivery.body()).path("data").path("events");
			assertThat(events.findValuesAsString("eventType")).containsExactly("user.lifecycle.unsuspend",
					"user.lifecycle.suspend");
			uuids.addAll(events.findValuesAsString("uuid"));
		}
		assertThat(uuids).hasSize(4);
		assertThat(uuids.subList(0, 2)).isEqualTo(uuids.subList(2, 4));
	}

	@Test
	void controlApiChangesReachHooksToo() throws Exception {
		verified();
		http.post("/sandbox/api/okta/acme/users/cara.hale@acme.example/lifecycle/suspend", null, null);
		JsonNode envelope = OktaHttp.parse(receiver.next().body());
		assertThat(envelope.path("data").path("events").get(0).path("target").get(0).path("alternateId").asString())
			.isEqualTo("cara.hale@acme.example");
	}

	private JsonNode create() {
		return http
			.post("/okta/acme/api/v1/eventHooks", ACME_TOKEN,
					"""
							{"name":"Ferry","events":{"type":"EVENT_TYPE","items":["user.lifecycle.suspend","user.lifecycle.unsuspend"]},
							 "channel":{"type":"HTTP","version":"1.0.0","config":{"uri":"%s",
							   "headers":[{"key":"X-Other-Header","value":"v"}],
							   "authScheme":{"type":"HEADER","key":"Authorization","value":"shared-secret"}}}}
							"""
						.formatted(receiver.uri()))
			.json();
	}

	private void verified() throws InterruptedException {
		String id = create().path("id").asString();
		assertThat(http.post("/okta/acme/api/v1/eventHooks/" + id + "/lifecycle/verify", ACME_TOKEN, null).status())
			.isEqualTo(200);
		receiver.next();
	}

}
