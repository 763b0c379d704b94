package dev.ferry.sandbox.sharefile;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.FaultResponder;
import dev.ferry.sandbox.core.Faults;
import dev.ferry.sandbox.core.TargetKind;

/**
 * Injected faults as ShareFile answers them (§5.3): 429 with {@code Retry-After} and
 * reason Throttled.
 */
@Component
class ShareFileFaultResponder implements FaultResponder {

	private final JsonMapper json;

	ShareFileFaultResponder(JsonMapper json) {
		this.json = json;
	}

	@Override
	public TargetKind kind() {
		return TargetKind.SHAREFILE;
	}

	@Override
	public void respond(Faults.Decision decision, HttpServletResponse response) throws IOException {
		HttpStatus status = HttpStatus.valueOf(decision.status());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		if (decision.retryAfterSeconds() > 0) {
			response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
		}
		var body = switch (status) {
			case TOO_MANY_REQUESTS -> ShareFileErrors.body(status, "Throttled",
					"Too many requests. Please retry after " + decision.retryAfterSeconds() + " seconds.");
			case SERVICE_UNAVAILABLE ->
				ShareFileErrors.body(status, "ServiceUnavailable", "The service is temporarily unavailable.");
			default -> ShareFileErrors.body(status, "Unspecified", "An unexpected error occurred.");
		};
		json.writeValue(response.getOutputStream(), body);
	}

}
