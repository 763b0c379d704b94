package dev.ferry.okta;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.IdentitySourceContract;
import dev.ferry.connector.SentRequest;
import dev.ferry.connector.Throttle;
import dev.ferry.test.Sandbox;

/**
 * {@link OktaSource} against the sandbox's Okta over real HTTP: the
 * {@link IdentitySourceContract}, reading the seeded {@code acme} (13 of 25 people
 * assigned to ShareFile: the Sales group and three engineers directly) and changing only
 * orgs of its own made through the control API.
 */
class OktaSourceIT extends IdentitySourceContract {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] SALES = { "ada.stone", "ben.reed", "cara.hale", "dev.patel", "eli.moss", "fay.lund",
			"gus.okafor", "hana.berg", "ivan.costa", "jade.nash" };

	private final Sandbox sandbox = Sandbox.get();

	@Override
	protected IdentitySource seeded(int pageSize) {
		OktaClient client = client("acme", "sandbox-token-acme", Throttle.NONE);
		return new OktaSource(client, appId(client), pageSize);
	}

	@Override
	protected String seededOrg() {
		return "acme";
	}

	@Override
	protected Set<String> seededAssignedLogins() {
		Set<String> logins = new java.util.HashSet<>();
		for (String local : SALES) {
			logins.add(local + "@acme.example");
		}
		logins.addAll(List.of("kai.ito@acme.example", "lena.vance@acme.example", "milo.quist@acme.example"));
		return logins;
	}

	@Override
	protected Map.Entry<String, Set<String>> seededDirectlyAssigned() {
		return Map.entry("kai.ito@acme.example", Set.of("Engineering", "Everyone"));
	}

	@Override
	protected String seededUnassignedLogin() {
		return "nora.rowe@acme.example";
	}

	@Override
	protected String newOrg() {
		String org = "ct-" + UUID.randomUUID().toString().substring(0, 8);
		sandbox.control("POST", "/sandbox/api/okta/orgs", "{\"name\":\"" + org + "\",\"shareFileApp\":true}");
		return org;
	}

	@Override
	protected IdentitySource source(String org, Throttle throttle) {
		OktaClient client = client(org, "sandbox-token-" + org, throttle);
		return new OktaSource(client, appId(client(org, "sandbox-token-" + org, Throttle.NONE)));
	}

	@Override
	protected IdentitySource withBadCredentials(String org) {
		return new OktaSource(client(org, "not-the-token", Throttle.NONE), "0oanotreallyanapp000");
	}

	@Override
	protected String addPerson(String org, String first, String last) {
		String login = (first + "." + last + "." + UUID.randomUUID().toString().substring(0, 6)).toLowerCase() + "@"
				+ org + ".example";
		Map<String, Object> body = Map.of("profile",
				Map.of("login", login, "email", login, "firstName", first, "lastName", last));
		return JSON
			.readTree(sandbox.control("POST", "/sandbox/api/okta/" + org + "/users", JSON.writeValueAsString(body)))
			.path("id")
			.asString();
	}

	@Override
	protected void changeProfile(String org, String id, Map<String, Object> changes) {
		sandbox.control("POST", "/sandbox/api/okta/" + org + "/users/" + id + "/profile",
				JSON.writeValueAsString(changes));
	}

	@Override
	protected String addGroupWith(String org, String name, String personId) {
		String id = JSON
			.readTree(sandbox.control("POST", "/sandbox/api/okta/" + org + "/groups", "{\"name\":\"" + name + "\"}"))
			.path("id")
			.asString();
		sandbox.control("PUT", "/sandbox/api/okta/" + org + "/groups/" + id + "/users/" + personId, null);
		return id;
	}

	@Override
	protected void limitAppRequests(String org, int perMinute) {
		if (perMinute == 0) {
			sandbox.control("DELETE", "/sandbox/api/okta/" + org + "/rate-limits", null);
		}
		else {
			sandbox.control("PUT", "/sandbox/api/okta/" + org + "/rate-limits", "{\"apps\":" + perMinute + "}");
		}
	}

	@Override
	protected Map<String, Object> state(String org, String id) {
		for (JsonNode person : JSON.readTree(sandbox.control("GET", "/sandbox/api/okta/" + org, null)).path("people")) {
			if (person.path("id").asString().equals(id)) {
				Map<String, Object> state = new LinkedHashMap<>();
				state.put("status", person.path("status").asString());
				state.put("passwordImportHook", person.path("passwordImportHook").asBoolean());
				state.put("assignedDirectly", "USER".equals(person.path("apps").path("ShareFile").asString("")));
				return state;
			}
		}
		throw new IllegalStateException("No person " + id + " in " + org);
	}

	@Override
	protected long mark() {
		return JSON.readTree(sandbox.control("GET", "/sandbox/api/requests/mark", null)).path("sequence").asLong();
	}

	@Override
	protected List<SentRequest> requestsSince(String org, long mark) {
		List<SentRequest> sent = new ArrayList<>();
		for (JsonNode request : JSON
			.readTree(sandbox.control("GET", "/sandbox/api/okta/" + org + "/requests?after=" + mark, null))) {
			sent.add(new SentRequest(request.path("method").asString(), request.path("path").asString(),
					request.path("query").asString(""), request.path("status").asInt(),
					request.path("body").isNull() ? null : request.path("body").asString()));
		}
		return sent;
	}

	@org.junit.jupiter.api.Test
	void aConcurrency429BacksOffEveryBucketOfTheOrgBriefly() {
		String name = newOrg();
		// the sandbox answers its throttle fault as Okta answers the org-wide concurrency
		// limit:
		// 429 with X-Rate-Limit-Limit 0
		sandbox.control("PUT", "/sandbox/api/okta/" + name + "/faults", "{\"throttlePerMinute\":1}");
		try {
			dev.ferry.connector.RecordingThrottle throttle = new dev.ferry.connector.RecordingThrottle();
			OktaClient client = client(name, "sandbox-token-" + name, throttle);
			client.get("/api/v1/users?limit=1");
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.get("/api/v1/users?limit=1"))
				.isInstanceOf(dev.ferry.connector.ConnectorException.class);
			// one throttle stands for every bucket here: each of the org's buckets was
			// told to pause
			org.assertj.core.api.Assertions.assertThat(throttle.slowDowns())
				.hasSize(OktaRateBucket.values().length)
				.containsOnly(OktaClient.CONCURRENCY_PAUSE);
		}
		finally {
			sandbox.control("DELETE", "/sandbox/api/okta/" + name + "/faults", null);
		}
	}

	private OktaClient client(String org, String token, Throttle throttle) {
		return new OktaClient(
				new OktaApiSettings(sandbox.oktaIssuer(org), OktaApiSettings.AuthMode.SSWS, token, null, null), JSON,
				Clock.systemUTC(), throttle);
	}

	private static String appId(OktaClient client) {
		return client.get("/api/v1/apps?q=ShareFile").get(0).path("id").asString();
	}

}
