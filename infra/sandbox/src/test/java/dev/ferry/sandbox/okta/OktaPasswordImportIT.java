package dev.ferry.sandbox.okta;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ferry.sandbox.okta.OktaHttp.ACME_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The password import inline hook (docs/reference/okta.md §4.4) driven by the control
 * API's first sign-in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OktaPasswordImportIT {

	@LocalServerPort
	int port;

	OktaHttp http;

	HookReceiver receiver;

	@BeforeEach
	void setUp() throws Exception {
		http = new OktaHttp(port);
		http.post("/sandbox/api/reset", null, null);
		receiver = new HookReceiver();
		OktaHttp.Response hook = http.post("/okta/acme/api/v1/inlineHooks", ACME_TOKEN, """
				{"name":"ShareFile import","type":"com.okta.user.credential.password.import","version":"1.0.0",
				 "channel":{"type":"HTTP","version":"1.0.0","config":{"uri":"%s","method":"POST",
				   "authScheme":{"type":"HEADER","key":"Authorization","value":"hook-secret"}}}}
				""".formatted(receiver.uri()));
		assertThat(hook.status()).isEqualTo(200);
		assertThat(hook.json().path("status").asString()).isEqualTo("ACTIVE");
		assertThat(hook.body()).doesNotContain("hook-secret");
		OktaHttp.Response created = http.post("/okta/acme/api/v1/users?activate=true", ACME_TOKEN,
				"""
						{"profile":{"login":"imported@acme.example","email":"imported@acme.example","firstName":"Im","lastName":"Ported"},
						 "credentials":{"password":{"hook":{"type":"default"}}}}
						""");
		assertThat(created.json().path("status").asString()).isEqualTo("ACTIVE");
	}

	@AfterEach
	void tearDown() {
		receiver.close();
	}

	@Test
	void onlyOnePasswordImportHookPerOrg() {
		assertThat(http.post("/okta/acme/api/v1/inlineHooks", ACME_TOKEN, """
				{"name":"again","type":"com.okta.user.credential.password.import","version":"1.0.0",
				 "channel":{"type":"HTTP","version":"1.0.0","config":{"uri":"http://127.0.0.1:1/x"}}}
				""").status()).isEqualTo(400);
	}

	@Test
	void verifiedStoresThePasswordAndLogsSuccess() throws Exception {
		receiver.thenReply(200,
				"{\"commands\":[{\"type\":\"com.okta.action.update\",\"value\":{\"credential\":\"VERIFIED\"}}]}");
		JsonNode result = http
			.post("/sandbox/api/okta/acme/users/imported@acme.example/first-sign-in", null,
					"{\"password\":\"From-ShareFile-1\"}")
			.json();
		assertThat(result.path("verified").asBoolean()).isTrue();
		assertThat(result.path("signedIn").asBoolean()).isTrue();
		assertThat(result.path("passwordImportHook").asBoolean()).isFalse();
		HookReceiver.Received call = receiver.next();
		assertThat(call.method()).isEqualTo("POST");
		assertThat(call.headers().getFirst("Authorization")).isEqualTo("hook-secret");
		JsonNode body = OktaHttp.parse(call.body());
		assertThat(body.path("eventType").asString()).isEqualTo("com.okta.user.credential.password.import");
		assertThat(body.path("data").path("context").path("credential").path("username").asString())
			.isEqualTo("imported@acme.example");
		assertThat(body.path("data").path("context").path("credential").path("password").asString())
			.isEqualTo("From-ShareFile-1");
		assertThat(body.path("data").path("action").path("credential").asString()).isEqualTo("UNVERIFIED");
		JsonNode events = http
			.get("/okta/acme/api/v1/logs?filter=" + OktaHttp.encode("eventType eq \"user.import.password\""),
					ACME_TOKEN)
			.json();
		assertThat(events.findValuesAsString("result")).containsExactly("SUCCESS");
		// the hook is not called again: the password is Okta's now
		JsonNode again = http
			.post("/sandbox/api/okta/acme/users/imported@acme.example/first-sign-in", null,
					"{\"password\":\"From-ShareFile-1\"}")
			.json();
		assertThat(again.path("verified").asBoolean()).isFalse();
		assertThat(receiver.drain(200)).isEmpty();
	}

	@Test
	void unverifiedKeepsTheFlagAndLogsFailure() throws Exception {
		receiver.thenReply(200,
				"{\"commands\":[{\"type\":\"com.okta.action.update\",\"value\":{\"credential\":\"UNVERIFIED\"}}]}");
		JsonNode result = http
			.post("/sandbox/api/okta/acme/users/imported@acme.example/first-sign-in", null, "{\"password\":\"wrong\"}")
			.json();
		assertThat(result.path("verified").asBoolean()).isFalse();
		assertThat(result.path("passwordImportHook").asBoolean()).isTrue();
		receiver.next();
		receiver.thenReply(204, "");
		assertThat(http
			.post("/sandbox/api/okta/acme/users/imported@acme.example/first-sign-in", null, "{\"password\":\"wrong\"}")
			.json()
			.path("verified")
			.asBoolean()).isFalse();
		JsonNode events = http
			.get("/okta/acme/api/v1/logs?filter=" + OktaHttp.encode("eventType eq \"user.import.password\""),
					ACME_TOKEN)
			.json();
		assertThat(events.findValuesAsString("result")).containsExactly("FAILURE", "FAILURE");
	}

	@Test
	void retriesOnceOnAServerError() throws Exception {
		receiver.thenReply(500, "");
		receiver.thenReply(200,
				"{\"commands\":[{\"type\":\"com.okta.action.update\",\"value\":{\"credential\":\"VERIFIED\"}}]}");
		assertThat(http
			.post("/sandbox/api/okta/acme/users/imported@acme.example/first-sign-in", null,
					"{\"password\":\"From-ShareFile-1\"}")
			.json()
			.path("verified")
			.asBoolean()).isTrue();
		assertThat(receiver.drain(200)).hasSize(2);
	}

}
