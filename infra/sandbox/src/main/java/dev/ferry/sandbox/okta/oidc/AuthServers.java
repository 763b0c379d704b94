package dev.ferry.sandbox.okta.oidc;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.Resettable;

/**
 * The authorization servers of every org: the org server, and the custom servers by id.
 * Okta creates {@code default} in every org with API Access Management
 * (docs/reference/okta.md §2.1), so each org here has it too, made on first use with
 * Okta's system scopes and no groups scope or claim. Further servers come from the
 * control API; a sandbox reset forgets them and restores {@code default}.
 */
@Component
class AuthServers implements Resettable {

	static final String DEFAULT = "default";

	/** org → custom server id → server. */
	private final Map<String, Map<String, AuthServer>> custom = new ConcurrentHashMap<>();

	private final OidcOrgs orgs;

	AuthServers(OidcOrgs orgs) {
		this.orgs = orgs;
	}

	/**
	 * The server a request names: the org server when {@code id} is null, else that
	 * custom server; 404 when the org or the server does not exist.
	 */
	AuthServer require(String org, String id) {
		orgs.require(org);
		if (id == null) {
			return AuthServer.orgServer(org);
		}
		return find(org, id).orElseThrow(() -> new OidcOrgs.UnknownOrgException(id, "AuthorizationServer"));
	}

	Optional<AuthServer> find(String org, String id) {
		return Optional.ofNullable(servers(org).get(id));
	}

	List<AuthServer> list(String org) {
		orgs.require(org);
		return servers(org).values().stream().sorted(Comparator.comparing(AuthServer::id)).toList();
	}

	/** Adds a new custom server; false when one with that id exists already. */
	boolean add(AuthServer server) {
		return servers(server.org()).putIfAbsent(server.id(), server) == null;
	}

	/** Changes a custom server atomically; empty when there is no such server. */
	Optional<AuthServer> update(String org, String id, UnaryOperator<AuthServer> change) {
		return Optional.ofNullable(servers(org).computeIfPresent(id, (key, server) -> change.apply(server)));
	}

	private Map<String, AuthServer> servers(String org) {
		return custom.computeIfAbsent(org, name -> {
			Map<String, AuthServer> servers = new ConcurrentHashMap<>();
			servers.put(DEFAULT, new AuthServer(name, DEFAULT, AuthServer.SYSTEM_SCOPES, "api://default", null));
			return servers;
		});
	}

	@Override
	public void resetToSeed() {
		custom.clear();
	}

}
