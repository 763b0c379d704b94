package dev.ferry.sharefile;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * Reads an OData feed to its end (docs/reference/sharefile.md §0.3): asks for
 * {@code $top} items from {@code $skip}, follows {@code odata.nextLink} when the server
 * pages, and otherwise asks for the next {@code $skip} while a full page came back and
 * {@code odata.count} says there is more. Each item is handed over once, by {@code Id},
 * even when the feed shifts under the listing.
 */
final class ShareFileFeeds {

	/** Items per request: one page of 500 contacts is about 140 KB. */
	static final int PAGE_SIZE = 500;

	private final ShareFileClient client;

	private final int pageSize;

	ShareFileFeeds(ShareFileClient client, int pageSize) {
		this.client = client;
		this.pageSize = pageSize;
	}

	/**
	 * @param path the feed with its own options, without {@code $top}/{@code $skip}, e.g.
	 * {@code Accounts/Employees?$select=Id,Email}
	 * @return false when the handler stopped the listing
	 */
	boolean each(String path, Predicate<JsonNode> handler) {
		Set<String> seen = new HashSet<>();
		String separator = path.contains("?") ? "&" : "?";
		int skip = 0;
		JsonNode page = client.get(path + separator + "$top=" + pageSize + "&$skip=0");
		while (true) {
			JsonNode items = page.path("value");
			for (JsonNode item : items) {
				if (seen.add(item.path("Id").asString("")) && !handler.test(item)) {
					return false;
				}
			}
			if (items.isEmpty()) {
				return true;
			}
			skip += items.size();
			String nextLink = page.path("odata.nextLink").asString("");
			if (!nextLink.isEmpty()) {
				page = client.getNext(nextLink);
			}
			else if (items.size() >= pageSize && skip < page.path("odata.count").asLong(Long.MAX_VALUE)) {
				page = client.get(path + separator + "$top=" + pageSize + "&$skip=" + skip);
			}
			else {
				return true;
			}
		}
	}

}
