package dev.ferry.okta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.ferry.connector.ChangeHookOp.HookState;
import dev.ferry.connector.ConnectorException;

/**
 * Ferry's hooks in one Okta org: the event hook that pushes changes to Ferry, and the
 * password import inline hook that asks Ferry to check an imported person's password
 * (docs/reference/okta.md §4.4, §5).
 */
class OktaHooks {

	static final String PASSWORD_IMPORT = "com.okta.user.credential.password.import";

	private final OktaClient client;

	OktaHooks(OktaClient client) {
		this.client = client;
	}

	/**
	 * Registers Ferry's event hook (or replaces its address and secret) and asks Okta to
	 * verify it.
	 */
	HookState registerChangeHook(String existingHookId, String uri, String secret) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "Ferry provisioning");
		body.put("events", Map.of("type", "EVENT_TYPE", "items", OktaConnector.HOOK_EVENTS));
		body.put("channel", Map.of("type", "HTTP", "version", "1.0.0", "config", Map.of("uri", uri, "headers",
				List.of(), "authScheme", Map.of("type", "HEADER", "key", "Authorization", "value", secret))));
		JsonNode hook = null;
		if (existingHookId != null) {
			try {
				hook = client.put("/api/v1/eventHooks/" + existingHookId, body);
			}
			catch (ConnectorException ex) {
				if (ex.kind() != ConnectorException.Kind.UNKNOWN_ID) {
					throw ex;
				}
			}
		}
		if (hook == null) {
			hook = client.post("/api/v1/eventHooks", body);
		}
		String id = hook.path("id").asString();
		if (!"ACTIVE".equals(hook.path("status").asString(""))) {
			client.post("/api/v1/eventHooks/" + id + "/lifecycle/activate", null);
		}
		JsonNode verified = client.post("/api/v1/eventHooks/" + id + "/lifecycle/verify", null);
		String status = verified.path("status").asString("ACTIVE");
		String verification = verified.path("verificationStatus").asString("UNVERIFIED");
		// only active, verified hooks receive events
		return new HookState(id, "ACTIVE".equals(status) && "VERIFIED".equals(verification),
				status + " / " + verification);
	}

	/**
	 * Registers Ferry's password import inline hook (docs/reference/okta.md §4.4): Okta
	 * calls {@code uri} with the {@code Authorization: secret} header at an imported
	 * person's first sign-in. An org may have only one hook of this type, and an inline
	 * hook cannot be changed in place everywhere, so an existing one is deactivated and
	 * deleted first. Returns the new hook's id.
	 */
	String registerPasswordImportHook(String uri, String secret) {
		for (JsonNode hook : client.get("/api/v1/inlineHooks?type=" + PASSWORD_IMPORT)) {
			if (PASSWORD_IMPORT.equals(hook.path("type").asString(""))) {
				String id = hook.path("id").asString();
				if ("ACTIVE".equals(hook.path("status").asString(""))) {
					client.post("/api/v1/inlineHooks/" + id + "/lifecycle/deactivate", null);
				}
				client.delete("/api/v1/inlineHooks/" + id);
			}
		}
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("uri", uri);
		config.put("headers", List.of());
		config.put("method", "POST");
		config.put("authScheme", Map.of("type", "HEADER", "key", "Authorization", "value", secret));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "Ferry password import");
		body.put("type", PASSWORD_IMPORT);
		body.put("version", "1.0.0");
		body.put("channel", Map.of("type", "HTTP", "version", "1.0.0", "config", config));
		JsonNode hook = client.post("/api/v1/inlineHooks", body);
		String id = hook.path("id").asString();
		if (!"ACTIVE".equals(hook.path("status").asString("ACTIVE"))) {
			client.post("/api/v1/inlineHooks/" + id + "/lifecycle/activate", null);
		}
		return id;
	}

}
