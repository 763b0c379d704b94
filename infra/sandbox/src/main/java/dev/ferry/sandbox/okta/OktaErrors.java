package dev.ferry.sandbox.okta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Okta's error object (docs/reference/okta.md §1): {@code errorCode},
 * {@code errorSummary}, {@code errorLink}, {@code errorId}, {@code errorCauses}. Clients
 * branch on {@code errorCode} only.
 */
public final class OktaErrors {

	private OktaErrors() {
	}

	public static Map<String, Object> body(String errorCode, String errorSummary, List<String> causes) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("errorCode", errorCode);
		body.put("errorSummary", errorSummary);
		body.put("errorLink", errorCode);
		body.put("errorId", "oae" + UUID.randomUUID().toString().replace("-", "").substring(0, 19));
		body.put("errorCauses", causes.stream().map(cause -> Map.of("errorSummary", cause)).toList());
		return body;
	}

	public static Map<String, Object> rateLimited() {
		return body("E0000047", "API call exceeded rate limit due to too many requests.", List.of());
	}

	public static Map<String, Object> serverError() {
		return body("E0000009", "Internal Server Error", List.of());
	}

	public static Map<String, Object> notFound(String what) {
		return body("E0000007", "Not found: " + what, List.of());
	}

	public static Map<String, Object> invalidToken() {
		return body("E0000011", "Invalid token provided", List.of());
	}

	public static Map<String, Object> accessDenied() {
		return body("E0000006", "You do not have permission to perform the requested action", List.of());
	}

	public static Map<String, Object> validation(String summary, List<String> causes) {
		return body("E0000001", "Api validation failed: " + summary, causes);
	}

}
