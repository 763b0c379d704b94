package dev.ferry.okta;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.ferry.connector.ClientCache;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.HookFormat;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SettingOption;
import dev.ferry.connector.SourceConnectorFactory;
import dev.ferry.connector.TestOutcome;
import dev.ferry.connector.ThrottleSource;

/**
 * The Okta connector's registration: opens Okta orgs as identity sources (with Ferry's
 * event hook and password import inline hook, {@link OktaHooks}), tests their
 * credentials, lists the apps one of which stands for the target. The first source
 * offered, and the one assumed before an organisation chooses.
 */
@Component
@Order(0)
public class OktaConnector implements SourceConnectorFactory {

	public static final String KIND = "okta";

	/**
	 * The org's address; how Ferry signs in to its API (an API token, or a service app's
	 * client id with a key pair Ferry generates); the app that stands for the target.
	 */
	private static final List<SettingField> SETTINGS = List.of(SettingField.url("orgUrl"),
			SettingField.choice("mode", "SSWS", "SERVICE_APP"),
			SettingField.secret("apiToken").onlyWhen("mode", "SSWS"),
			SettingField.text("clientId").onlyWhen("mode", "SERVICE_APP"),
			SettingField.generatedKey("privateJwk").onlyWhen("mode", "SERVICE_APP"), SettingField.picked("appId"));

	/**
	 * Profile attributes import may write: Okta's base profile (docs/reference/okta.md
	 * §4.1).
	 */
	private static final Set<String> PROFILE_ATTRIBUTES = Set.of("firstName", "lastName", "email", "secondEmail",
			"displayName", "nickName", "title", "organization", "department", "division", "costCenter",
			"employeeNumber", "mobilePhone", "primaryPhone", "city", "state", "countryCode", "preferredLanguage",
			"locale", "timezone");

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

	private final JsonMapper json;

	private final Clock clock;

	private final OktaHookFormat hookFormat;

	private final ClientCache<OktaApiSettings, OktaClient> engineClients = new ClientCache<>(10_000);

	OktaConnector(JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
		this.hookFormat = new OktaHookFormat(json);
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
		if (throttles == ThrottleSource.NONE) {
			// a setup step or a test: never the engine's shared, throttled client
			return new OktaSource(client(settings), connection.get("appId"));
		}
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

	@Override
	public Set<String> writableAttributes() {
		return PROFILE_ATTRIBUTES;
	}

	@Override
	public List<SettingOption> options(ConnectorSettings connection, String field) {
		if (!"appId".equals(field)) {
			return SourceConnectorFactory.super.options(connection, field);
		}
		return apps(client(settings(connection))).stream()
			.map(app -> new SettingOption(app.id(), app.label()))
			.toList();
	}

	@Override
	public Optional<HookFormat> hookFormat() {
		return Optional.of(hookFormat);
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

}
