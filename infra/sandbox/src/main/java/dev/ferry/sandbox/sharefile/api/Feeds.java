package dev.ferry.sandbox.sharefile.api;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.ferry.sandbox.sharefile.SfUser;

/**
 * Paging for feeds: {@code $skip}, then {@code $top} or the account's server page size,
 * whichever is smaller; {@code odata.count} is the total before paging and
 * {@code odata.nextLink} appears only when the page stopped before the end. User feeds
 * page straight over the account's ordered list, so a deep page in a 100,000-user account
 * costs one pass and no copy.
 */
final class Feeds {

	private Feeds() {
	}

	static Map<String, Object> users(ApiContext context, ODataQuery query, String set, Predicate<SfUser> filter,
			Function<SfUser, Map<String, Object>> view) {
		int limit = limit(context, query);
		return context.account().atomically(() -> {
			long count = context.account().countUsers(filter);
			List<Map<String, Object>> items = context.account()
				.users(filter, query.skip(), limit)
				.stream()
				.map(view)
				.map(json -> Views.select(json, query))
				.toList();
			return Views.feed(context, set, items, count, next(query, items.size(), count, limit));
		});
	}

	/**
	 * Paging over a list already in memory (groups, members): at most a few thousand
	 * entries.
	 */
	static Map<String, Object> list(ApiContext context, ODataQuery query, String set, List<Map<String, Object>> all) {
		int limit = limit(context, query);
		int from = (int) Math.min(query.skip(), all.size());
		int to = (int) Math.min((long) from + limit, all.size());
		List<Map<String, Object>> items = all.subList(from, to)
			.stream()
			.map(json -> Views.select(json, query))
			.toList();
		return Views.feed(context, set, items, all.size(), next(query, items.size(), all.size(), limit));
	}

	private static int limit(ApiContext context, ODataQuery query) {
		int limit = query.top() == null ? Integer.MAX_VALUE : query.top();
		int pageSize = context.account().serverPageSize();
		return pageSize > 0 ? Math.min(limit, pageSize) : limit;
	}

	private static String next(ODataQuery query, int returned, long count, int limit) {
		long nextSkip = query.skip() + returned;
		return limit > 0 && limit != Integer.MAX_VALUE && returned == limit && nextSkip < count
				? query.nextLink(nextSkip) : null;
	}

}
