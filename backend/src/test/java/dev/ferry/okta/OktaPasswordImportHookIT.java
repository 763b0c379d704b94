package dev.ferry.okta;

import java.time.Clock;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import dev.ferry.test.Sandbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OktaHooks#registerPasswordImportHook} against the sandbox's Okta, in an org of
 * its own.
 */
class OktaPasswordImportHookIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Sandbox sandbox = Sandbox.get();

	@Test
	void registersTheHookAndReplacesAnEarlierOne() {
		String org = "ct-" + UUID.randomUUID().toString().substring(0, 8);
		sandbox.control("POST", "/sandbox/api/okta/orgs", "{\"name\":\"" + org + "\",\"shareFileApp\":true}");
		OktaConnector connector = new OktaConnector(JSON, Clock.systemUTC());
		OktaClient client = connector.client(new OktaApiSettings(sandbox.oktaIssuer(org), OktaApiSettings.AuthMode.SSWS,
				"sandbox-token-" + org, null, null));

		OktaHooks hooksInOkta = new OktaHooks(client);
		String first = hooksInOkta.registerPasswordImportHook("https://ferry.example/hooks/password", "secret-1");
		String second = hooksInOkta.registerPasswordImportHook("https://ferry.example/hooks/password2", "secret-2");

		assertThat(first).isNotBlank();
		assertThat(second).isNotBlank().isNotEqualTo(first);
		JsonNode hooks = client.get("/api/v1/inlineHooks");
		assertThat(hooks).hasSize(1);
		JsonNode hook = hooks.get(0);
		assertThat(hook.path("id").asString()).isEqualTo(second);
		assertThat(hook.path("type").asString()).isEqualTo(OktaHooks.PASSWORD_IMPORT);
		assertThat(hook.path("status").asString()).isEqualTo("ACTIVE");
		assertThat(hook.path("channel").path("config").path("uri").asString())
			.isEqualTo("https://ferry.example/hooks/password2");
	}

}
