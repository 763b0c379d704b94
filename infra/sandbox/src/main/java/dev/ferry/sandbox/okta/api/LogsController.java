package dev.ferry.sandbox.okta.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Predicate;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaTime;
import dev.ferry.sandbox.okta.ScimFilter;
import dev.ferry.sandbox.okta.logs.LogEvent;

/**
 * {@code GET /api/v1/logs} (docs/reference/okta.md §6). A <em>polling</em> request (no
 * {@code until}, ascending) walks the log in persistence order and always answers with a
 * {@code next} link, even on an empty page, whose opaque {@code after} cursor resumes
 * exactly where this page stopped. A <em>bounded</em> request ({@code since} and
 * {@code until}) has finite pages. {@code since} and {@code after} are mutually
 * exclusive.
 */
@RestController
@RequestMapping("/okta/{orgName}/api/v1/logs")
class LogsController {

	private final Clock clock;

	LogsController(Clock clock) {
		this.clock = clock;
	}

	@GetMapping
	ResponseEntity<List<Map<String, Object>>> logs(@RequestAttribute(OktaApiGate.ORG) OktaOrg org,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(required = false) String after, @RequestParam(required = false) String filter,
			@RequestParam(required = false) String q, @RequestParam(required = false) Integer limit,
			@RequestParam(defaultValue = "ASCENDING") String sortOrder) {
		if (since != null && after != null) {
			throw OktaApiException.badRequest("since and after cannot be used together");
		}
		if (!sortOrder.equals("ASCENDING") && !sortOrder.equals("DESCENDING")) {
			throw OktaApiException.badRequest("sortOrder: must be ASCENDING or DESCENDING");
		}
		int pageSize = limit == null ? 100 : limit;
		if (pageSize < 0 || pageSize > 1000) {
			throw OktaApiException.badRequest("limit: must be between 0 and 1000");
		}
		Instant untilAt = until == null ? null : date("until", until);
		Instant sinceAt = since == null ? (untilAt == null ? clock.instant() : untilAt).minus(Duration.ofDays(7))
				: date("since", since);
		long cursor = after == null ? -1 : cursor(after);
		Predicate<LogEvent> predicate = event -> !event.published().isBefore(sinceAt)
				&& (untilAt == null || event.published().isBefore(untilAt));
		if (filter != null) {
			predicate = predicate.and(LogFilter.parse(filter));
		}
		if (q != null) {
			predicate = predicate.and(keywords(q));
		}
		boolean ascending = sortOrder.equals("ASCENDING");
		boolean polling = untilAt == null && ascending;
		NavigableMap<Long, LogEvent> all = org.extras().log().events();
		long highWater = org.extras().log().lastSequence();
		NavigableMap<Long, LogEvent> range;
		if (ascending) {
			range = cursor < 0 ? all.headMap(highWater, true) : all.subMap(cursor, false, highWater, true);
		}
		else {
			range = (cursor < 0 ? all : all.headMap(cursor, false)).descendingMap();
		}
		List<Map<String, Object>> page = new ArrayList<>();
		Long lastSeen = null;
		boolean more = false;
		Iterator<LogEvent> events = range.values().iterator();
		while (events.hasNext()) {
			LogEvent event = events.next();
			if (page.size() == pageSize) {
				more = true;
				break;
			}
			lastSeen = event.sequence();
			if (predicate.test(event)) {
				page.add(event.json());
			}
		}
		String next = null;
		if (polling) {
			// everything up to the high-water mark was examined unless the page filled up
			long resumeAt = more ? (lastSeen == null ? cursor : lastSeen) : Math.max(highWater, cursor);
			next = Long.toString(resumeAt < 0 ? 0 : resumeAt);
		}
		else if (more) {
			next = Long.toString(lastSeen == null ? cursor : lastSeen);
		}
		return ResponseEntity.ok().headers(links(next, pageSize)).body(page);
	}

	private static HttpHeaders links(String next, int limit) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(Paging.LINK,
				"<" + ServletUriComponentsBuilder.fromCurrentRequest().build().toUriString() + ">; rel=\"self\"");
		if (next != null) {
			String href = ServletUriComponentsBuilder.fromCurrentRequest()
				.replaceQueryParam("since")
				.replaceQueryParam("after", next)
				.replaceQueryParam("limit", limit)
				.build()
				.toUriString();
			headers.add(Paging.LINK, "<" + href + ">; rel=\"next\"");
		}
		return headers;
	}

	private static Instant date(String name, String value) {
		Instant instant = OktaTime.parseOrNull(value);
		if (instant == null) {
			throw OktaApiException.badRequest(
					name + ": Invalid date format '" + value + "' (expected ISO 8601, e.g. 2024-01-01T00:00:00.000Z)");
		}
		return instant;
	}

	private static long cursor(String after) {
		try {
			return Long.parseLong(after);
		}
		catch (NumberFormatException ex) {
			throw OktaApiException.badRequest("after: invalid cursor");
		}
	}

	private static Predicate<LogEvent> keywords(String q) {
		String[] words = q.toLowerCase().split("\\s+");
		if (words.length > 10) {
			throw OktaApiException.badRequest("q: at most 10 keywords");
		}
		return event -> {
			String text = event.json().toString().toLowerCase();
			for (String word : words) {
				if (!text.contains(word)) {
					return false;
				}
			}
			return true;
		};
	}

	/**
	 * {@code filter} over the event's JSON (eventType, target.id, actor.id,
	 * outcome.result, ...), not published.
	 */
	static final class LogFilter {

		private LogFilter() {
		}

		static Predicate<LogEvent> parse(String expression) {
			try {
				return ScimFilter.parse(expression, new ScimFilter.Rules() {
					@Override
					public void check(String attribute, String operator) {
						if (attribute.equals("published")) {
							throw new IllegalArgumentException("Invalid filter expression: filtering on 'published'"
									+ " is not supported; use since and until");
						}
						if (!attribute.matches("[A-Za-z][A-Za-z0-9_.]*")) {
							throw new IllegalArgumentException(
									"Invalid filter expression: bad attribute '" + attribute + "'");
						}
					}

					@Override
					public boolean isDate(String attribute) {
						return false;
					}

					@Override
					public boolean caseInsensitiveValues() {
						return false;
					}

					@Override
					public boolean allowNot() {
						return true;
					}
				}, (event, attribute) -> values(event.json(), attribute.split("\\."), 0));
			}
			catch (IllegalArgumentException ex) {
				throw OktaApiException.badRequest("filter: " + ex.getMessage());
			}
		}

		private static List<Object> values(Object node, String[] path, int index) {
			if (node instanceof List<?> list) {
				List<Object> result = new ArrayList<>();
				list.forEach(item -> result.addAll(values(item, path, index)));
				return result;
			}
			if (index == path.length) {
				return node == null ? List.of() : List.of(node);
			}
			if (node instanceof Map<?, ?> map) {
				return values(map.get(path[index]), path, index + 1);
			}
			return List.of();
		}

	}

}
