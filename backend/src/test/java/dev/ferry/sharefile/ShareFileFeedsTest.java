package dev.ferry.sharefile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging of OData feeds: next links, {@code $skip} when the server sends none, stopping,
 * duplicates.
 */
class ShareFileFeedsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void followsNextLinksAndHandsOverEachIdOnce() {
		StubClient client = new StubClient();
		client.pages.put("Accounts/Employees?$top=3&$skip=0", feed(10, null, "a", "b"));
		client.pages.put("http://sf/sf/v3/Accounts/Employees?$top=3&$skip=2", feed(10, null, "b", "c"));
		client.nextLinks.put("Accounts/Employees?$top=3&$skip=0", "http://sf/sf/v3/Accounts/Employees?$top=3&$skip=2");

		List<String> ids = new ArrayList<>();
		new ShareFileFeeds(client, 3).each("Accounts/Employees", item -> ids.add(item.path("Id").asString()));

		assertThat(ids).containsExactly("a", "b", "c");
		assertThat(client.asked).hasSize(2);
	}

	@Test
	void asksForTheNextSkipWhenAFullPageCameWithoutANextLink() {
		StubClient client = new StubClient();
		client.pages.put("Groups?$expand=Contacts&$top=2&$skip=0", feed(5, null, "1", "2"));
		client.pages.put("Groups?$expand=Contacts&$top=2&$skip=2", feed(5, null, "3", "4"));
		client.pages.put("Groups?$expand=Contacts&$top=2&$skip=4", feed(5, null, "5"));

		List<String> ids = new ArrayList<>();
		new ShareFileFeeds(client, 2).each("Groups?$expand=Contacts", item -> ids.add(item.path("Id").asString()));

		assertThat(ids).containsExactly("1", "2", "3", "4", "5");
		assertThat(client.asked).hasSize(3);
	}

	@Test
	void stopsAsSoonAsTheHandlerSaysSo() {
		StubClient client = new StubClient();
		client.pages.put("Accounts/Clients?$top=2&$skip=0", feed(4, null, "1", "2"));

		boolean completed = new ShareFileFeeds(client, 2).each("Accounts/Clients", item -> false);

		assertThat(completed).isFalse();
		assertThat(client.asked).hasSize(1);
	}

	private static JsonNode feed(long count, String nextLink, String... ids) {
		Map<String, Object> feed = new LinkedHashMap<>();
		feed.put("odata.count", count);
		List<Map<String, Object>> items = new ArrayList<>();
		for (String id : ids) {
			items.add(Map.of("Id", id));
		}
		feed.put("value", items);
		if (nextLink != null) {
			feed.put("odata.nextLink", nextLink);
		}
		return JSON.valueToTree(feed);
	}

	/** Serves canned pages by the path asked for. */
	private static final class StubClient extends ShareFileClient {

		final Map<String, JsonNode> pages = new LinkedHashMap<>();

		final Map<String, String> nextLinks = new LinkedHashMap<>();

		final List<String> asked = new ArrayList<>();

		StubClient() {
			super(null, JSON, null);
		}

		@Override
		public JsonNode get(String path) {
			return serve(path);
		}

		@Override
		public JsonNode getNext(String nextLink) {
			return serve(nextLink);
		}

		private JsonNode serve(String path) {
			asked.add(path);
			JsonNode page = pages.get(path);
			if (page == null) {
				throw new AssertionError("Unexpected request " + path);
			}
			String next = nextLinks.get(path);
			if (next != null) {
				((tools.jackson.databind.node.ObjectNode) page).put("odata.nextLink", next);
			}
			return page;
		}

	}

}
