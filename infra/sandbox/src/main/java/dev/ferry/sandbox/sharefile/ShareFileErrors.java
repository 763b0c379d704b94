package dev.ferry.sandbox.sharefile;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * ShareFile's error body exactly as docs/reference/sharefile.md §5.1: {@code code} (the
 * HTTP status name), {@code message {lang, value}}, {@code reason} (an ExceptionReason
 * name). Not wrapped in {@code odata.error}.
 */
public final class ShareFileErrors {

	private ShareFileErrors() {
	}

	public static Map<String, Object> body(HttpStatus status, String reason, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", codeFor(status));
		body.put("message", Map.of("lang", "en-US", "value", message));
		body.put("reason", reason);
		return body;
	}

	/**
	 * {@code NotFound}, {@code BadRequest}, {@code TooManyRequests}, ... as .NET's
	 * HttpStatusCode names them.
	 */
	static String codeFor(HttpStatus status) {
		StringBuilder name = new StringBuilder();
		for (String word : status.name().split("_")) {
			name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
		}
		return switch (status) {
			case INTERNAL_SERVER_ERROR -> "InternalServerError";
			case SERVICE_UNAVAILABLE -> "ServiceUnavailable";
			default -> name.toString();
		};
	}

}
