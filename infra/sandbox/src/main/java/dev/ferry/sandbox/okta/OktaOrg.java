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
 * One sandbox Okta org: its people, groups and apps. The management API and the OIDC provider both
 * work on this object; writers synchronise on it, readers use the concurrent maps directly.
 */
public class OktaOrg {

	private final String name;

	/** Ordered by id, which is what Okta's {@code after} cursor pages by. */
	private final ConcurrentSkipListMap<String, OktaUser> users = new ConcurrentSkipListMap<>();

	/** Lower-cased login → user id; Okta logins are unique case-insensitively. */
	private final Map<String, String> loginIndex = new ConcurrentHashMap<>();

	private final Map<String, OidcClient> oidcClients = new ConcurrentHashMap<>();

	private final Map<String, ServiceApp> serviceApps = new ConcurrentHashMap<>();

	/** group id → group name, and group id → member user ids (kept simple here; the API layer adds the rest). */
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

	/** Adds or re-indexes a user; the caller has checked the login is free. */
	public synchronized void put(OktaUser user) {
		users.values()
			.stream()
			.filter(existing -> existing.id().equals(user.id()))
			.findFirst()
			.ifPresent(existing -> loginIndex.values().remove(existing.id()));
		users.put(user.id(), user);
		loginIndex.put(user.login().toLowerCase(Locale.ROOT), user.id());
	}

	public synchronized void reindexLogin(OktaUser user) {
		loginIndex.values().remove(user.id());
		loginIndex.put(user.login().toLowerCase(Locale.ROOT), user.id());
	}

	public synchronized void remove(String userId) {
		users.remove(userId);
		loginIndex.values().remove(userId);
		groupMembers.values().forEach(members -> members.remove(userId));
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

	public Map<String, String> groupNames() {
		return groupNames;
	}

	public Map<String, java.util.Set<String>> groupMembers() {
		return groupMembers;
	}

	/** The names of the groups a person belongs to, "Everyone" first as Okta puts it in a groups claim. */
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
