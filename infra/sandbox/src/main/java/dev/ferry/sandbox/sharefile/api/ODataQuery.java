package dev.ferry.sandbox.sharefile.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.util.UriComponentsBuilder;

import dev.ferry.sandbox.sharefile.ShareFileException;

/**
 * The query string the way ShareFile reads it (§0.1, §0.4): parameter names
 * case-insensitive, an empty value the same as an absent one (the .NET SDK sends
 * {@code Users?id=&emailAddress=x}), and the OData options {@code $top}, {@code $skip},
 * {@code $select}, {@code $expand}. {@code $filter} and {@code $orderby} are accepted and
 * ignored.
 */
record ODataQuery(Map<String, String[]> parameters, Integer top, long skip, List<String> select, List<String> expand,
		String requestUrl) {

	static ODataQuery of(HttpServletRequest request) {
		Map<String, String[]> parameters = request.getParameterMap();
		ODataQuery raw = new ODataQuery(parameters, null, 0, List.of(), List.of(), null);
		Integer top = raw.param("$top").map(value -> nonNegative("$top", value)).map(Long::intValue).orElse(null);
		long skip = raw.param("$skip").map(value -> nonNegative("$skip", value)).orElse(0L);
		String url = request.getRequestURL().toString()
				+ (request.getQueryString() == null ? "" : "?" + request.getQueryString());
		return new ODataQuery(parameters, top, skip, raw.list("$select"), raw.list("$expand"), url);
	}

	/** The first non-empty value of a parameter, matching its name case-insensitively. */
	Optional<String> param(String name) {
		for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name)) {
				for (String value : entry.getValue()) {
					if (value != null && !value.isBlank()) {
						return Optional.of(value.trim());
					}
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * A boolean flag such as {@code completely} or {@code ifNecessary}; anything but
	 * true/false is a 400.
	 */
	boolean flag(String name, boolean fallback) {
		return param(name).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw ShareFileException.badRequest("The value '" + value + "' is not valid for " + name + ".");
		}).orElse(fallback);
	}

	/** This request's URL with {@code $skip} set to where the next page starts. */
	String nextLink(long nextSkip) {
		return UriComponentsBuilder.fromUriString(requestUrl)
			.replaceQueryParam("$skip", nextSkip)
			.build()
			.toUriString();
	}

	boolean expands(String navigation) {
		return expand.stream().anyMatch(item -> item.equalsIgnoreCase(navigation));
	}

	private List<String> list(String name) {
		return param(name)
			.map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList())
			.orElse(List.of());
	}

	private static long nonNegative(String name, String value) {
		try {
			long parsed = Long.parseLong(value);
			if (parsed >= 0) {
				return Math.min(parsed, Integer.MAX_VALUE);
			}
		}
		catch (NumberFormatException ex) {
			// fall through to the 400 below
		}
		throw ShareFileException.badRequest("The value '" + value + "' is not valid for " + name + ".");
	}

}
