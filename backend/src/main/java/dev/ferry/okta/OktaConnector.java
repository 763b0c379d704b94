package dev.ferry.okta;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.ferry.connector.ClientCache;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SourceConnectorFactory;
import dev.ferry.connector.TestOutcome;
import dev.ferry.connector.ThrottleSource;

/**
 * Opens Okta clients and identity sources for orgs, tests their credentials, lists apps,
 * and manages Ferry's event hook and password import inline hook.
 */
@Component
public class OktaConnector implements SourceConnectorFactory {

	public static final String KIND = "okta";

	/**
	 * Besides these, a connection holds {@code privateJwk} (the key pair Ferry generates
	 * for a service app) and {@code appId} (the app that stands for the target), which
	 * the Connections page sets through their own steps.
	 */
	private static final List<SettingField> SETTINGS = List.of(SettingField.url("orgUrl"),
			new SettingField("mode", SettingField.Type.CHOICE, true, false, List.of("SSWS", "SERVICE_APP")),
			new SettingField("apiToken", SettingField.Type.TEXT, false, true, List.of()),
			new SettingField("clientId", SettingField.Type.TEXT, false, false, List.of()));

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

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public List<SettingField> settings() {
		return SETTINGS;
	}

	/**
	 * The org and the app that stands for the target as the provisioning engine's
	 * {@link IdentitySource}, one throttle per Okta rate-limit bucket of the org,
	 * starting at the published quota until Okta's headers say the org's own. The client
	 * (its service-app token, its throttles) is shared by every job of these settings.
	 */
	@Override
	public IdentitySource open(ConnectorSettings connection, ThrottleSource throttles) {
		OktaApiSettings settings = settings(connection);
		String org = ThrottleSource.addressOf(settings.orgUrl());
		return new OktaSource(
				engineClients.get(settings,
						key -> new OktaClient(key, json, clock, rateBucket -> throttles
							.forKey(KIND + ":" + org + ":" + rateBucket.key(), rateBucket.perMinute()))),
				connection.get("appId"));
	}

	@Override
	public TestOutcome test(ConnectorSettings connection) {
		return test(settings(connection));
	}

	/** The API settings of a stored connection. */
	public static OktaApiSettings settings(ConnectorSettings connection) {
		OktaApiSettings.AuthMode mode = "SERVICE_APP".equals(connection.get("mode"))
				? OktaApiSettings.AuthMode.SERVICE_APP : OktaApiSettings.AuthMode.SSWS;
		return new OktaApiSettings(connection.get("orgUrl"), mode, blankToNull(connection.get("apiToken")),
				blankToNull(connection.get("clientId")), blankToNull(connection.get("privateJwk")));
	}

	private static String blankToNull(String value) {
		return value.isEmpty() ? null : value;
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
