package dev.ferry.provisioning;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.audit.AuditEntry;
import dev.ferry.connection.Connections;
import dev.ferry.connector.AccountTarget;
import dev.ferry.sharefile.ShareFileClient;
import dev.ferry.sharefile.ShareFileSettings;
import dev.ferry.sharefile.ShareFileTarget;
import dev.ferry.system.Problem;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.Sandbox;

/**
 * A private world for one provisioning test: its own Okta org (with a ShareFile app) and
 * ShareFile account in the sandbox, and a Ferry organisation connected to both — so tests
 * never disturb each other or the demo world.
 */
public final class ProvisioningWorld {

	public static final AuditEntry.Actor ADMIN = AuditEntry.Actor.member("00uadmin", "Test Admin");

	public static final JsonMapper JSON = JsonMapper.builder().build();

	public final Sandbox sandbox = Sandbox.get();

	public final String org;

	public final Tenant tenant;

	final Provisioning provisioning;

	final Connections connections;

	ProvisioningWorld(Tenants tenants, Members members, Connections connections, Provisioning provisioning) {
		this(tenants, members, connections, provisioning, 1000);
	}

	public ProvisioningWorld(Tenants tenants, Members members, Connections connections, Provisioning provisioning,
			int employeeLicences) {
		this(connections, provisioning, employeeLicences, org -> TestTenants.create(tenants, members, org,
				TenantKind.CUSTOMER, Sandbox.get().oktaIssuer(org), "owner@" + org + ".example"));
	}

	/**
	 * A world whose Okta org and ShareFile account serve an organisation that already
	 * exists (one whose people sign in elsewhere, for a browser test).
	 */
	ProvisioningWorld(Tenant existing, Connections connections, Provisioning provisioning) {
		this(connections, provisioning, 1000, org -> existing);
	}

	/**
	 * A world whose organisation is made by the caller (e.g. one people sign in to
	 * through another sandbox org), given this world's org name.
	 */
	ProvisioningWorld(Connections connections, Provisioning provisioning, int employeeLicences,
			java.util.function.Function<String, Tenant> tenantFor) {
		this.org = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		this.connections = connections;
		this.provisioning = provisioning;
		sandbox.control("POST", "/sandbox/api/okta/orgs", "{\"name\":\"" + org + "\",\"shareFileApp\":true}");
		sandbox.control("POST", "/sandbox/api/sharefile",
				"{\"subdomain\":\"" + org + "\",\"employeeLicences\":" + employeeLicences + "}");
		this.tenant = tenantFor.apply(org);
		as(() -> {
			connections.saveTarget("sharefile",
					Map.of("baseUrl", sandbox.shareFileBaseUrl(org), "clientId", "sandbox-client", "clientSecret",
							"sandbox-secret", "adminUsername", "sf.admin@" + org + ".example", "adminPassword",
							"Ferry-demo-1"),
					ADMIN);
			connections.saveSource("okta", oktaSettings(), ADMIN);
			pickShareFileApp();
		});
	}

	/** The sandbox Okta org's API settings, as an admin enters them. */
	Map<String, String> oktaSettings() {
		return Map.of("orgUrl", sandbox.oktaIssuer(org), "mode", "SSWS", "apiToken", "sandbox-token-" + org);
	}

	/** Picks the org's ShareFile app, the step after saving Okta's settings. */
	void pickShareFileApp() {
		String app = connections.options("appId")
			.stream()
			.filter(a -> a.label().equals("ShareFile"))
			.findFirst()
			.orElseThrow()
			.id();
		connections.pick("appId", app, ADMIN);
	}

	public void as(Runnable work) {
		TenantContext.run(tenant.id(), work);
	}

	public <T> T as(java.util.concurrent.Callable<T> work) {
		return TenantContext.call(tenant.id(), work);
	}

	/** Changes the configuration (starting from the current one) and saves it. */
	public Map<String, Problem> configure(UnaryOperator<ProvisioningConfig> change) {
		return as(() -> provisioning.saveConfig(change.apply(provisioning.config()), ADMIN));
	}

	public void registerHook() {
		as(() -> connections.registerHook(ADMIN));
	}

	/** Creates an active person in the org; returns their Okta id. */
	String person(String first, String last) {
		String login = first.toLowerCase() + "." + last.toLowerCase() + "@" + org + ".example";
		JsonNode user = JSON.readTree(sandbox.control("POST", "/sandbox/api/okta/" + org + "/users",
				"{\"profile\":{\"login\":\"" + login + "\",\"email\":\"" + login + "\",\"firstName\":\"" + first
						+ "\",\"lastName\":\"" + last
						+ "\"},\"credentials\":{\"password\":{\"value\":\"Ferry-demo-1\"}}}"));
		return user.path("id").asString();
	}

	void assign(String user) {
		sandbox.control("PUT", "/sandbox/api/okta/" + org + "/apps/ShareFile/users/" + user, null);
	}

	void unassign(String user) {
		sandbox.control("DELETE", "/sandbox/api/okta/" + org + "/apps/ShareFile/users/" + user, null);
	}

	public void profile(String user, String json) {
		sandbox.control("POST", "/sandbox/api/okta/" + org + "/users/" + user + "/profile", json);
	}

	/** ShareFile's users of this world's account, as its control API lists them. */
	List<JsonNode> shareFileUsers() {
		JsonNode users = JSON.readTree(sandbox.control("GET", "/sandbox/api/sharefile/" + org + "/users", null));
		JsonNode list = users.isArray() ? users : users.path("users");
		List<JsonNode> result = new java.util.ArrayList<>();
		list.forEach(result::add);
		return result;
	}

	/**
	 * Every ShareFile user of this world's account, page by page (the control API serves
	 * 100 at a time).
	 */
	public List<JsonNode> allShareFileUsers() {
		List<JsonNode> result = new java.util.ArrayList<>();
		for (int offset = 0;; offset += 500) {
			JsonNode page = JSON.readTree(sandbox.control("GET",
					"/sandbox/api/sharefile/" + org + "/users?offset=" + offset + "&limit=500", null));
			page.forEach(result::add);
			if (page.size() < 500) {
				return result;
			}
		}
	}

	/**
	 * Generates {@code count} active people at once ({@code prefix.000001@org.example},
	 * ...) and assigns the org's Everyone group to the ShareFile app; returns their
	 * e-mail addresses.
	 */
	public List<String> assignedPeople(int count, String prefix) {
		sandbox.control("POST", "/sandbox/api/okta/" + org + "/users/bulk",
				"{\"count\":" + count + ",\"prefix\":\"" + prefix + "\"}");
		sandbox.control("PUT", "/sandbox/api/okta/" + org + "/apps/ShareFile/groups/Everyone", null);
		List<String> emails = new java.util.ArrayList<>();
		for (int n = 1; n <= count; n++) {
			emails.add(String.format(java.util.Locale.ROOT, "%s.%06d@%s.example", prefix, n, org));
		}
		return emails;
	}

	/** ShareFile's employee licences of this world's account. */
	void licences(int employeeLicences) {
		sandbox.control("PUT", "/sandbox/api/sharefile/" + org + "/settings",
				"{\"employeeLicences\":" + employeeLicences + "}");
	}

	/** One ShareFile user by e-mail, or null. */
	public JsonNode shareFileUser(String email) {
		try {
			return JSON.readTree(sandbox.control("GET", "/sandbox/api/sharefile/" + org + "/users/" + email, null));
		}
		catch (IllegalStateException notFound) {
			return null;
		}
	}

	static boolean disabled(JsonNode user) {
		return user.path("disabled").asBoolean(user.path("Security").path("IsDisabled").asBoolean(false));
	}

	public static String text(JsonNode user, String field) {
		JsonNode value = user.path(field);
		if (value.isMissingNode()) {
			value = user.path(Character.toUpperCase(field.charAt(0)) + field.substring(1));
		}
		return value.asString("");
	}

	/** A person as the org's management API returns them (with the org's SSWS token). */
	JsonNode oktaUser(String idOrLogin) throws Exception {
		var response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(sandbox.oktaIssuer(org) + "/api/v1/users/" + idOrLogin))
				.header("Authorization", "SSWS sandbox-token-" + org)
				.header("Accept", "application/json")
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body());
	}

	/** Provisioning on, Push Groups on, with this choice of groups. */
	public Map<String, Problem> pushGroups(ProvisioningConfig.GroupPush push) {
		return configure(config -> new ProvisioningConfig(true,
				new ProvisioningConfig.Features(true, true, true, true, false, false), config.passwordPolicy(),
				config.scope(), config.userTypes(), config.mappings(), push, config.importSettings(),
				config.deprovisioning(), config.safety(), config.reconcileIntervalMinutes()));
	}

	/** Creates an Okta group; returns its id. */
	public String oktaGroup(String name) {
		return JSON
			.readTree(sandbox.control("POST", "/sandbox/api/okta/" + org + "/groups", "{\"name\":\"" + name + "\"}"))
			.path("id")
			.asString();
	}

	/**
	 * @param group the group's id or exact name
	 */
	public void addToGroup(String group, String user) {
		sandbox.control("PUT", "/sandbox/api/okta/" + org + "/groups/" + group + "/users/" + user, null);
	}

	void removeFromGroup(String group, String user) {
		sandbox.control("DELETE", "/sandbox/api/okta/" + org + "/groups/" + group + "/users/" + user, null);
	}

	/** Renames an Okta group as an Okta admin would, through the org's management API. */
	void renameOktaGroup(String groupId, String name) throws Exception {
		oktaApi("PUT", "/api/v1/groups/" + groupId, "{\"profile\":{\"name\":\"" + name + "\"}}");
	}

	void deleteOktaGroup(String groupId) throws Exception {
		oktaApi("DELETE", "/api/v1/groups/" + groupId, null);
	}

	/**
	 * ShareFile's distribution groups of this world's account: name → members' e-mails.
	 */
	public Map<String, List<String>> shareFileGroups() {
		Map<String, List<String>> groups = new java.util.TreeMap<>();
		JsonNode list = JSON.readTree(sandbox.control("GET", "/sandbox/api/sharefile/" + org + "/groups", null));
		for (JsonNode group : list) {
			List<String> emails = new java.util.ArrayList<>();
			group.path("members").forEach(member -> emails.add(member.path("email").asString("")));
			emails.sort(null);
			groups.put(group.path("name").asString(), emails);
		}
		return groups;
	}

	/**
	 * ShareFile's API as this world's ShareFile admin: for what an admin does by hand in
	 * ShareFile.
	 */
	AccountTarget shareFileAdmin() {
		ShareFileSettings settings = new ShareFileSettings(sandbox.shareFileBaseUrl(org), "sandbox-client",
				"sandbox-secret", "sf.admin@" + org + ".example", "Ferry-demo-1");
		return new ShareFileTarget(settings, new ShareFileClient(settings, JSON, java.time.Clock.systemUTC()), JSON,
				java.time.Clock.systemUTC());
	}

	/** An e-mail of a person made by {@link #person}. */
	String email(String first, String last) {
		return first.toLowerCase() + "." + last.toLowerCase() + "@" + org + ".example";
	}

	/**
	 * Points the org's event hook (registered by {@link #registerHook}) at another Ferry
	 * process, as an Okta admin editing the hook's URL would, and has Okta verify it
	 * there.
	 */
	public void pointHookAt(String ferryBaseUrl) throws Exception {
		String secret = as(() -> connections.hookSecret()).orElseThrow();
		String id = JSON.readTree(oktaApi("GET", "/api/v1/eventHooks", null)).get(0).path("id").asString();
		String uri = ferryBaseUrl + "/hooks/okta/" + tenant.slug();
		oktaApi("PUT", "/api/v1/eventHooks/" + id,
				JSON.writeValueAsString(java.util.Map.of("name", "Ferry provisioning", "events",
						java.util.Map.of("type", "EVENT_TYPE", "items", dev.ferry.okta.OktaConnector.HOOK_EVENTS),
						"channel",
						java.util.Map.of("type", "HTTP", "version", "1.0.0", "config", java.util.Map.of("uri", uri,
								"headers", java.util.List.of(), "authScheme",
								java.util.Map.of("type", "HEADER", "key", "Authorization", "value", secret))))));
		JsonNode verified = JSON.readTree(oktaApi("POST", "/api/v1/eventHooks/" + id + "/lifecycle/verify", null));
		if (!"VERIFIED".equals(verified.path("verificationStatus").asString())) {
			throw new IllegalStateException("Okta could not verify the hook at " + uri + ": " + verified);
		}
	}

	/**
	 * How many event hook deliveries Okta has given up on (its retry failed too): Okta
	 * records each in the System Log as a failed {@code event_hook.delivery}
	 * (docs/reference/okta.md §5).
	 */
	long failedHookDeliveries() throws Exception {
		String filter = java.net.URLEncoder
			.encode("eventType eq \"event_hook.delivery\"", java.nio.charset.StandardCharsets.UTF_8)
			.replace("+", "%20");
		return JSON.readTree(oktaApi("GET", "/api/v1/logs?limit=1000&filter=" + filter, null)).size();
	}

	public String oktaApi(String method, String path, String body) throws Exception {
		var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.oktaIssuer(org) + path))
			.header("Authorization", "SSWS sandbox-token-" + org)
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.method(method,
					body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
							: java.net.http.HttpRequest.BodyPublishers.ofString(body))
			.build();
		var response = java.net.http.HttpClient.newHttpClient()
			.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(
					method + " " + path + " → " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	public long mark() {
		return JSON.readTree(sandbox.control("GET", "/sandbox/api/requests/mark", null)).path("sequence").asLong();
	}

	/** The ShareFile requests Ferry made after a mark. */
	public List<JsonNode> shareFileRequestsAfter(long mark) {
		List<JsonNode> result = new java.util.ArrayList<>();
		JSON.readTree(sandbox.control("GET", "/sandbox/api/sharefile/" + org + "/requests?after=" + mark, null))
			.forEach(result::add);
		return result;
	}

	/**
	 * ShareFile accounts created after a mark: successful creates in the sandbox's
	 * request log, from every process (a second create of one person would count twice).
	 */
	public long accountsCreatedAfter(long mark) {
		return shareFileRequestsAfter(mark).stream()
			.filter(request -> "POST".equals(request.path("method").asString())
					&& (request.path("path").asString().endsWith("/Users/AccountUser")
							|| request.path("path").asString().endsWith("/Users"))
					&& request.path("status").asInt() / 100 == 2)
			.count();
	}

	List<JsonNode> oktaRequestsAfter(long mark) {
		List<JsonNode> result = new java.util.ArrayList<>();
		JSON.readTree(sandbox.control("GET", "/sandbox/api/okta/" + org + "/requests?after=" + mark, null))
			.forEach(result::add);
		return result;
	}

}
