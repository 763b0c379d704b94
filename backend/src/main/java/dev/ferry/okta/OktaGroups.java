package dev.ferry.okta;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

import dev.ferry.connector.SourceGroup;

/**
 * Okta's groups and their members (docs/reference/okta.md §4), paged through by
 * {@code Link}.
 */
final class OktaGroups {

	private final OktaClient client;

	private final int pageSize;

	OktaGroups(OktaClient client, int pageSize) {
		this.client = client;
		this.pageSize = pageSize;
	}

	/** {@code GET /groups?limit=…}: ⌈G/pageSize⌉ requests. */
	List<SourceGroup> groups() {
		List<SourceGroup> groups = new ArrayList<>();
		each("/api/v1/groups?limit=" + pageSize, group -> groups.add(OktaMapper.group(group)));
		return groups;
	}

	/** {@code GET /groups/{id}/users?limit=…}: ⌈M/pageSize⌉ requests; ids only. */
	List<String> members(String groupId) {
		List<String> ids = new ArrayList<>();
		each("/api/v1/groups/" + OktaPaths.segment(groupId) + "/users?limit=" + pageSize,
				user -> ids.add(user.path("id").asString()));
		return ids;
	}

	private void each(String first, Consumer<JsonNode> handler) {
		OktaClient.Page page = client.page(first);
		while (true) {
			page.items().forEach(handler);
			if (page.next() == null) {
				return;
			}
			page = client.page(page.next());
		}
	}

}
