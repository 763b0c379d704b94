package dev.ferry.sharefile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.TestOutcome;
import dev.ferry.connector.ClientCache;
import dev.ferry.connector.Throttle;

/** Opens ShareFile clients for accounts and tests their credentials. */
@Component
public class ShareFileConnector {

	private final JsonMapper json;

	private final Clock clock;

	private final ClientCache<ShareFileSettings, ShareFileClient> engineClients = new ClientCache<>(10_000);

	ShareFileConnector(JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
	}

	public ShareFileClient client(ShareFileSettings settings) {
		return new ShareFileClient(settings, json, clock);
	}

	/**
	 * The account as the provisioning engine's {@link AccountTarget}, calling no faster
	 * than {@code throttle}. The client (and its token) is shared by every job of these
	 * settings.
	 */
	public AccountTarget target(ShareFileSettings settings, Throttle throttle) {
		return new ShareFileTarget(engineClients.get(settings, key -> new ShareFileClient(key, json, clock, throttle)));
	}

	/**
	 * "Test API credentials": the token request, then real reads — who the admin is and
	 * whether they may manage users, and how many employees the account has.
	 */
	public TestOutcome test(ShareFileSettings settings) {
		ShareFileClient client = client(settings);
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
	private static java.util.OptionalLong licences(JsonNode account) {
		JsonNode usage = account.path("UserUsage");
		if (usage.has("EmployeeMax") && usage.has("EmployeeCount")) {
			return java.util.OptionalLong.of(usage.path("EmployeeMax").asLong() - usage.path("EmployeeCount").asLong());
		}
		return java.util.OptionalLong.empty();
	}

}
