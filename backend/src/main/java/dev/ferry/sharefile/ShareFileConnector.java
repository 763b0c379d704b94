package dev.ferry.sharefile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ClientCache;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorSettings;
import dev.ferry.connector.SettingField;
import dev.ferry.connector.SettingProblem;
import dev.ferry.connector.TargetConnectorFactory;
import dev.ferry.connector.TargetSchema;
import dev.ferry.connector.TestOutcome;
import dev.ferry.connector.ThrottleSource;

/**
 * The ShareFile connector's registration: its settings (the fields Okta's own ShareFile
 * app asks for), and ShareFile accounts opened as {@link AccountTarget}s.
 */
@Component
@Order(0)
@EnableConfigurationProperties(ShareFileProperties.class)
public class ShareFileConnector implements TargetConnectorFactory {

	public static final String KIND = "sharefile";

	private static final List<SettingField> SETTINGS = List.of(SettingField.url("baseUrl"),
			SettingField.text("clientId"), SettingField.secret("clientSecret"), SettingField.email("adminUsername"),
			SettingField.secret("adminPassword"));

	private final JsonMapper json;

	private final Clock clock;

	private final int requestsPerMinute;

	private final ClientCache<ShareFileSettings, ShareFileClient> engineClients = new ClientCache<>(10_000);

	ShareFileConnector(JsonMapper json, Clock clock, ShareFileProperties properties) {
		this.json = json;
		this.clock = clock;
		this.requestsPerMinute = properties.requestsPerMinute();
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public TargetSchema schema() {
		return ShareFileTarget.SCHEMA;
	}

	@Override
	public List<SettingField> settings() {
		return SETTINGS;
	}

	@Override
	public List<SettingProblem> validate(ConnectorSettings settings) {
		return List.of();
	}

	/**
	 * The account as the provisioning engine's {@link AccountTarget}, one throttle per
	 * account (its host and path: the sandbox serves many accounts from one host). The
	 * client (and its token) is shared by every job of these settings.
	 */
	@Override
	public AccountTarget open(ConnectorSettings connection, ThrottleSource throttles) {
		ShareFileSettings settings = settings(connection);
		ShareFileClient client = engineClients.get(settings, key -> new ShareFileClient(key, json, clock,
				throttles.forKey(KIND + ":" + ThrottleSource.addressOf(key.baseUrl()), requestsPerMinute)));
		return new ShareFileTarget(settings, client, json, clock);
	}

	/**
	 * "Test API credentials" with a client of its own, so the token request is part of
	 * the test.
	 */
	@Override
	public TestOutcome test(ConnectorSettings connection) {
		ShareFileSettings settings = settings(connection);
		return test(new ShareFileClient(settings, json, clock), settings);
	}

	static ShareFileSettings settings(ConnectorSettings connection) {
		return new ShareFileSettings(connection.get("baseUrl"), connection.get("clientId"),
				connection.get("clientSecret"), connection.get("adminUsername"), connection.get("adminPassword"));
	}

	/**
	 * The token request, then real reads — who the admin is and whether they may manage
	 * users, and how many employees the account has.
	 */
	static TestOutcome test(ShareFileClient client, ShareFileSettings settings) {
		try {
			JsonNode me = client.get("Users?$expand=Security");
			List<String> details = new ArrayList<>();
			String name = (me.path("FullName").asString("") + " <" + me.path("Email").asString("") + ">").strip();
			details.add("Signed in to ShareFile as " + name + ".");
			if (!isAdmin(me)) {
				return new TestOutcome(false,
						"The admin user " + settings.adminUsername() + " is not a ShareFile "
								+ "administrator who may manage employees. Use an account with the 'Manage employees' "
								+ "permission.",
						details);
			}
			JsonNode employees = client.get("Accounts/Employees?$select=Id&$top=1");
			long count = employees.path("odata.count").asLong(employees.path("value").size());
			details.add(count + " employee" + (count == 1 ? "" : "s") + " in the account.");
			JsonNode account = client.get("Accounts");
			licences(account)
				.ifPresent(left -> details.add(left + " employee licence" + (left == 1 ? "" : "s") + " left."));
			return TestOutcome.passed("Connected: the credentials work and the admin may manage users.", details);
		}
		catch (ConnectorException ex) {
			return TestOutcome.failed(ex.getMessage());
		}
	}

	private static boolean isAdmin(JsonNode user) {
		if (user.path("IsAdministrator").asBoolean(false)) {
			return true;
		}
		for (JsonNode role : user.path("Roles")) {
			String value = role.asString("");
			if (value.equals("AdminManageEmployees") || value.equals("MasterAdmin") || value.equals("SuperUser")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The account's free employee licences, from {@code UserUsage {EmployeeMax,
	 * EmployeeCount}} when present.
	 */
	private static OptionalLong licences(JsonNode account) {
		JsonNode usage = account.path("UserUsage");
		if (usage.has("EmployeeMax") && usage.has("EmployeeCount")) {
			return OptionalLong.of(usage.path("EmployeeMax").asLong() - usage.path("EmployeeCount").asLong());
		}
		return OptionalLong.empty();
	}

}
