package dev.ferry.sandbox.okta.api;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Okta's cursor paging (docs/reference/okta.md §1): {@code limit} and {@code after}, and
 * the {@code Link} header with {@code rel="self"} and, while more remain,
 * {@code rel="next"} as two separate header lines. Links are absolute, built from the
 * request's own URL, so clients can follow them as they are.
 */
final class Paging {

	/**
	 * The header name as Okta sends it (lower case, as over HTTP/2): okta-sdk-java's
	 * {@code PaginationUtil} looks the header up case-sensitively as {@code link}.
	 */
	static final String LINK = "link";

	private Paging() {
	}

	/**
	 * The page size: the default when absent, the maximum when larger; 400 when below 1.
	 */
	static int limit(Integer requested, int defaultLimit, int max) {
		if (requested == null) {
			return defaultLimit;
		}
		if (requested < 1) {
			throw dev.ferry.sandbox.okta.OktaApiException.badRequest("limit: must be a positive number");
		}
		return Math.min(requested, max);
	}

	/**
	 * The {@code Link} headers of a page; {@code nextCursor} null when this is the last
	 * page.
	 */
	static HttpHeaders links(String nextCursor, int limit) {
		HttpHeaders headers = new HttpHeaders();
		String self = ServletUriComponentsBuilder.fromCurrentRequest().build().toUriString();
		headers.add(LINK, "<" + self + ">; rel=\"self\"");
		if (nextCursor != null) {
			String next = ServletUriComponentsBuilder.fromCurrentRequest()
				.replaceQueryParam("after", nextCursor)
				.replaceQueryParam("limit", limit)
				.build()
				.toUriString();
			headers.add(LINK, "<" + next + ">; rel=\"next\"");
		}
		return headers;
	}

	/** A page and the cursor of the next one (null when none follows). */
	record Page<T>(List<T> items, String nextCursor) {
	}

}
