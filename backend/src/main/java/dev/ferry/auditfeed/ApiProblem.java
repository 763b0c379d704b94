package dev.ferry.auditfeed;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A refusal of the audit API, answered as an RFC 9457 problem document
 * ({@code application/problem+json}): a status, a short title and what to do, in words
 * for the person wiring up a SIEM.
 */
final class ApiProblem extends RuntimeException {

	static final MediaType PROBLEM_JSON = MediaType.parseMediaType("application/problem+json");

	private final int status;

	private final String title;

	private final String detail;

	ApiProblem(int status, String title, String detail) {
		super(title + ": " + detail, null, false, false);
		this.status = status;
		this.title = title;
		this.detail = detail;
	}

	static ApiProblem badRequest(String detail) {
		return new ApiProblem(400, "Bad request", detail);
	}

	static ApiProblem notFound(String detail) {
		return new ApiProblem(404, "Not found", detail);
	}

	int status() {
		return status;
	}

	Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status);
		body.put("detail", detail);
		return body;
	}

	ResponseEntity<Map<String, Object>> answer() {
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(PROBLEM_JSON);
		if (status == 401) {
			answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferry-audit\"");
		}
		return answer.body(body());
	}

}
