package dev.ferry.okta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.connector.Identity;

/**
 * The people side of {@link OktaSource}: who is assigned to the app, one person in full,
 * and the imports' create and profile update (docs/reference/okta.md §4).
 */
final class OktaPeople {

	private final OktaClient client;

	private final String appId;

	private final int pageSize;

	OktaPeople(OktaClient client, String appId, int pageSize) {
		this.client = client;
		this.appId = appId;
		this.pageSize = pageSize;
	}

	/**
	 * {@code GET /apps/{appId}/users?expand=user}: ⌈N/pageSize⌉ requests. Everyone Okta
	 * lists is handed over; Okta itself leaves out people whose access ended
	 * (deactivated), so nothing is filtered here.
	 */
	void searchAssigned(Predicate<Identity> handler) {
		OktaClient.Page page = client.page(appPath() + "/users?expand=user&limit=" + pageSize);
		while (true) {
			for (JsonNode appUser : page.items()) {
				JsonNode user = appUser.path("_embedded").path("user");
				if (user.isObject() && !handler.test(OktaMapper.identity(user, List.of(), true))) {
					return;
				}
			}
			if (page.next() == null) {
				return;
			}
			page = client.page(page.next());
		}
	}

	/**
	 * Three requests: the user, their app assignment (404 = not assigned), and their
	 * groups.
	 */
	Optional<Identity> get(String id) {
		JsonNode user;
		try {
			user = client.get("/api/v1/users/" + OktaPaths.segment(id));
		}
		catch (ConnectorException ex) {
			if (ex.kind() == Kind.UNKNOWN_ID) {
				return Optional.empty();
			}
			throw ex;
		}
		String userId = user.path("id").asString();
		return Optional.of(OktaMapper.identity(user, groupNames(userId), assigned(userId)));
	}

	/**
	 * Two requests (the user and their groups): the app assignment is taken as unchanged.
	 */
	Optional<Identity> getAssumingAssigned(String id) {
		JsonNode user;
		try {
			user = client.get("/api/v1/users/" + OktaPaths.segment(id));
		}
		catch (ConnectorException ex) {
			if (ex.kind() == Kind.UNKNOWN_ID) {
				return Optional.empty();
			}
			throw ex;
		}
		return Optional.of(OktaMapper.identity(user, groupNames(user.path("id").asString()), true));
	}

	/**
	 * {@code POST /users?activate=…} (with {@code credentials.password.hook} when asked),
	 * then {@code POST /apps/{appId}/users} {@code {id, scope: USER}}: two requests.
	 */
	Identity create(Map<String, Object> profile, boolean activate, boolean passwordImportHook) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("profile", profile);
		if (passwordImportHook) {
			body.put("credentials", Map.of("password", Map.of("hook", Map.of("type", "default"))));
		}
		JsonNode user = client.post("/api/v1/users?activate=" + activate, body);
		String id = user.path("id").asString();
		try {
			client.post(appPath() + "/users", Map.of("id", id, "scope", "USER"));
		}
		catch (ConnectorException ex) {
			throw new ConnectorException(ex.kind(),
					"Okta created " + id + " but did not assign it to the app: " + ex.getMessage(), ex.status(),
					ex.rawResponse(), ex.retryAfter());
		}
		return OktaMapper.identity(user, List.of(), true);
	}

	/**
	 * {@code POST /users/{id}} with only the changed attributes, then the assignment: two
	 * requests.
	 */
	Identity updateProfile(String id, Map<String, Object> changes) {
		JsonNode user = client.post("/api/v1/users/" + OktaPaths.segment(id), Map.of("profile", changes));
		String userId = user.path("id").asString();
		return OktaMapper.identity(user, List.of(), assigned(userId));
	}

	private boolean assigned(String userId) {
		try {
			client.get(appPath() + "/users/" + OktaPaths.segment(userId));
			return true;
		}
		catch (ConnectorException ex) {
			if (ex.kind() == Kind.UNKNOWN_ID) {
				return false;
			}
			throw ex;
		}
	}

	private List<String> groupNames(String userId) {
		List<String> names = new ArrayList<>();
		OktaClient.Page page = client.page("/api/v1/users/" + OktaPaths.segment(userId) + "/groups");
		while (true) {
			page.items().forEach(group -> names.add(group.path("profile").path("name").asString("")));
			if (page.next() == null) {
				return names;
			}
			page = client.page(page.next());
		}
	}

	/**
	 * Checked at use, not at construction: the setup steps open the org before its app is
	 * picked.
	 */
	private String appPath() {
		return "/api/v1/apps/" + OktaPaths.segment(appId);
	}

}
