package dev.ferry.sandbox.okta;

import java.util.List;
import java.util.Map;

/**
 * A management-API failure with Okta's status and error object; the API layer writes it
 * as is.
 */
public class OktaApiException extends RuntimeException {

	private final int status;

	private final transient Map<String, Object> body;

	public OktaApiException(int status, Map<String, Object> body) {
		super(String.valueOf(body.get("errorSummary")));
		this.status = status;
		this.body = body;
	}

	public int status() {
		return status;
	}

	public Map<String, Object> body() {
		return body;
	}

	public static OktaApiException notFound(String what) {
		return new OktaApiException(404, OktaErrors.notFound(what));
	}

	public static OktaApiException validation(String summary, String... causes) {
		return new OktaApiException(400, OktaErrors.validation(summary, List.of(causes)));
	}

	/** E0000001 with a cause, for a bad request parameter such as a filter or a date. */
	public static OktaApiException badRequest(String cause) {
		return new OktaApiException(400,
				OktaErrors.body("E0000001", "Api validation failed: " + cause, List.of(cause)));
	}

	/**
	 * Okta's lifecycle refusals: E0000001 "Api validation failed" with the reason as the
	 * cause.
	 */
	public static OktaApiException lifecycle(String cause) {
		return new OktaApiException(400, OktaErrors.validation("lifecycle", List.of(cause)));
	}

}
