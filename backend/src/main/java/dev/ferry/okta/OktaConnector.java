package dev.ferry.okta;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.TestOutcome;
import dev.ferry.connector.ClientCache;
import dev.ferry.connector.Throttle;

/**
 * Opens Okta clients and identity sources for orgs, tests their credentials, lists apps,
 * and manages Ferry's event hook and password import inline hook.
 */
@Component
public class OktaConnector {

	/**
	 * The events Ferry's hook subscribes to: everything that can change who should have
	 * which account.
	 */
	public static final List<String> HOOK_EVENTS = List.of("user.lifecycle.create", "user.lifecycle.activate",
			"user.lifecycle.deactivate", "user.lifecycle.suspend", "user.lifecycle.unsuspend",
			"user.lifecycle.reactivate", "user.lifecycle.delete.initiated", "user.account.update_profile",
			"group.user_membership.add", "group.user_membership.remove", "group.profile.update",
			"group.lifecycle.create", "group.lifecycle.delete", "application.user_membership.add",
			"application.user_membership.remove", "application.user_membership.update", "user.import.password");

	static final String PASSWORD_IMPORT = "com.okta.user.credential.password.import";

	private final JsonMapper json;

	private final Clock clock;

	private final ClientCache<OktaApiSettings, OktaClient> engineClients = new ClientCache<>(10_000);

	OktaConnector(JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
	}

	public OktaClient client(OktaApiSettings settings) {
		return new OktaClient(settings, json, clock);
	}

	/**
	 * The org and its ShareFile app as the provisioning engine's {@link IdentitySource}.
	 */
	public IdentitySource source(OktaApiSettings settings, String appId,
			java.util.function.Function<OktaRateBucket, Throttle> throttles) {
		// the client (its service-app token, its throttles) is shared by every job of
		// these settings
		return new OktaSource(engineClients.get(settings, key -> new OktaClient(key, json, clock, throttles)), appId);
	}

	/**
	 * "Test": reads one user and the org's apps, which is what provisioning will need.
	 */
	public TestOutcome test(OktaApiSettings settings) {
		OktaClient client = client(settings);
		try {
			JsonNode users = client.get("/api/v1/users?limit=1");
			List<String> details = new ArrayList<>();
			if (users.isArray() && !users.isEmpty()) {
				details.add("Read a user: " + users.get(0).path("profile").path("login").asString("") + ".");
			}
			List<OktaApp> apps = apps(client);
			details.add(apps.size() + " app" + (apps.size() == 1 ? "" : "s") + " in the org; pick the one that stands "
					+ "for ShareFile.");
			return TestOutcome.passed("Connected: Ferry can read users and apps.", details);
		}
		catch (ConnectorException ex) {
			String hint = switch (ex.kind()) {
				case INVALID_CREDENTIAL -> " Check the API token or the service app's client id and key.";
				case PERMISSION_DENIED -> " Grant the scopes " + OktaClient.SCOPES + " (and an admin role) to Ferry.";
				default -> "";
			};
			return TestOutcome.failed(ex.getMessage() + hint);
		}
	}

	public List<OktaApp> apps(OktaClient client) {
		List<OktaApp> apps = new ArrayList<>();
		OktaClient.Page page = client.page("/api/v1/apps?limit=200");
		while (true) {
			for (JsonNode app : page.items()) {
				apps.add(new OktaApp(app.path("id").asString(), app.path("label").asString(""),
						app.path("name").asString(""), app.path("status").asString("")));
			}
			if (page.next() == null) {
				return apps;
			}
			page = client.page(page.next());
		}
	}

	/**
	 * Registers Ferry's event hook (or replaces its address and secret) and asks Okta to
	 * verify it.
	 */
	public EventHookState registerHook(OktaClient client, String existingHookId, String uri, String secret) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "Ferry provisioning");
		body.put("events", Map.of("type", "EVENT_TYPE", "items", HOOK_EVENTS));
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
		return new EventHookState(id, verified.path("status").asString("ACTIVE"),
				verified.path("verificationStatus").asString("UNVERIFIED"));
	}

	/**
	 * Registers Ferry's password import inline hook (docs/reference/okta.md §4.4): Okta
	 * calls {@code uri} with the {@code Authorization: secret} header at an imported
	 * person's first sign-in. An org may have only one hook of this type, and an inline
	 * hook cannot be changed in place everywhere, so an existing one is deactivated and
	 * deleted first. Returns the new hook's id.
	 */
	public String registerPasswordImportHook(OktaClient client, String uri, String secret) {
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
