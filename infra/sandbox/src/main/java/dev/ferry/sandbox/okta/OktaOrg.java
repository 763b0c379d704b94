package dev.ferry.sandbox.okta;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One sandbox Okta org: its people, groups and apps. The management API and the OIDC
 * provider both work on this object; writers synchronise on it, readers use the
 * concurrent maps directly.
 */
public class OktaOrg {

	private final String name;

	/** Ordered by id, which is what Okta's {@code after} cursor pages by. */
	private final ConcurrentSkipListMap<String, OktaUser> users = new ConcurrentSkipListMap<>();

	/** Lower-cased login → user id; Okta logins are unique case-insensitively. */
	private final Map<String, String> loginIndex = new ConcurrentHashMap<>();

	/**
	 * user id → the lower-cased login it is indexed under, so re-indexing never scans the
	 * org.
	 */
	private final Map<String, String> indexedLogins = new ConcurrentHashMap<>();

	/**
	 * group id → created/updated times, description and type; names and members stay in
	 * the maps below.
	 */
	private final Map<String, OktaGroup> groups = new ConcurrentHashMap<>();

	/** Apps by id, in creation order (ids increase). */
	private final ConcurrentSkipListMap<String, OktaApp> apps = new ConcurrentSkipListMap<>();

	/**
	 * The SSWS API tokens this org accepts ({@code Authorization: SSWS <token>}) → the id
	 * of the admin who created each (empty when none).
	 */
	private final Map<String, String> apiTokens = new ConcurrentHashMap<>();

	private final OrgExtras extras = new OrgExtras();

	private final Map<String, OidcClient> oidcClients = new ConcurrentHashMap<>();

	private final Map<String, ServiceApp> serviceApps = new ConcurrentHashMap<>();

	/**
	 * group id → group name, and group id → member user ids (kept simple here; the API
	 * layer adds the rest).
	 */
	private final Map<String, String> groupNames = new ConcurrentHashMap<>();

	private final Map<String, java.util.Set<String>> groupMembers = new ConcurrentHashMap<>();

	public OktaOrg(String name) {
		this.name = name;
	}

	public String name() {
		return name;
	}

	public Collection<OktaUser> users() {
		return users.values();
	}

	public ConcurrentSkipListMap<String, OktaUser> usersById() {
		return users;
	}

	public Optional<OktaUser> user(String id) {
		return Optional.ofNullable(users.get(id));
	}

	public Optional<OktaUser> userByLogin(String login) {
		if (login == null) {
			return Optional.empty();
		}
		String id = loginIndex.get(login.toLowerCase(Locale.ROOT));
		return id == null ? Optional.empty() : user(id);
	}

	/**
	 * Adds or re-indexes a user; the caller has checked the login is free. Constant work
	 * per call (no scan of the org), so bulk-generating 100,000 people stays fast.
	 */
	public synchronized void put(OktaUser user) {
		unindexLogin(user.id());
		users.put(user.id(), user);
		indexLogin(user);
	}

	public synchronized void reindexLogin(OktaUser user) {
		unindexLogin(user.id());
		indexLogin(user);
	}

	public synchronized void remove(String userId) {
		users.remove(userId);
		unindexLogin(userId);
		groupMembers.values().forEach(members -> members.remove(userId));
		apps.values().forEach(app -> app.users().remove(userId));
	}

	private void indexLogin(OktaUser user) {
		String key = user.login().toLowerCase(Locale.ROOT);
		loginIndex.put(key, user.id());
		indexedLogins.put(user.id(), key);
	}

	private void unindexLogin(String userId) {
		String previous = indexedLogins.remove(userId);
		if (previous != null) {
			loginIndex.remove(previous, userId);
		}
	}

	public void addOidcClient(OidcClient client) {
		oidcClients.put(client.clientId(), client);
	}

	public Optional<OidcClient> oidcClient(String clientId) {
		return Optional.ofNullable(clientId == null ? null : oidcClients.get(clientId));
	}

	/** Every OIDC app of the org, by client id. */
	public List<OidcClient> oidcClients() {
		return oidcClients.values().stream().sorted(java.util.Comparator.comparing(OidcClient::clientId)).toList();
	}

	public void addServiceApp(ServiceApp app) {
		serviceApps.put(app.clientId(), app);
	}

	public Optional<ServiceApp> serviceApp(String clientId) {
		return Optional.ofNullable(clientId == null ? null : serviceApps.get(clientId));
	}

	/** Every service app of the org, by client id. */
	public List<ServiceApp> serviceApps() {
		return serviceApps.values().stream().sorted(java.util.Comparator.comparing(ServiceApp::clientId)).toList();
	}

	public Map<String, OktaGroup> groups() {
		return groups;
	}

	public ConcurrentSkipListMap<String, OktaApp> apps() {
		return apps;
	}

	public Map<String, String> apiTokens() {
		return apiTokens;
	}

	/**
	 * The management-API side's per-org state: System Log, hooks, rate limits, delivery
	 * switches.
	 */
	public OrgExtras extras() {
		return extras;
	}

	public Map<String, String> groupNames() {
		return groupNames;
	}

	public Map<String, java.util.Set<String>> groupMembers() {
		return groupMembers;
	}

	/**
	 * The names of the groups a person belongs to, "Everyone" first as Okta puts it in a
	 * groups claim.
	 */
	public List<String> groupNamesOf(String userId) {
		List<String> names = new ArrayList<>();
		groupMembers.forEach((groupId, members) -> {
			if (members.contains(userId)) {
				names.add(groupNames.get(groupId));
			}
		});
		names.sort((a, b) -> "Everyone".equals(a) ? -1 : "Everyone".equals(b) ? 1 : a.compareTo(b));
		return names;
	}

}
