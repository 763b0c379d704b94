package dev.ferry.sandbox.okta;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.FaultResponder;
import dev.ferry.sandbox.core.Faults;
import dev.ferry.sandbox.core.TargetKind;

/**
 * Injected faults as Okta answers them: E0000047 with {@code X-Rate-Limit-*} for
 * throttling.
 */
@Component
class OktaFaultResponder implements FaultResponder {

	private final JsonMapper json;

	private final Clock clock;

	OktaFaultResponder(JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
	}

	@Override
	public TargetKind kind() {
		return TargetKind.OKTA;
	}

	@Override
	public void respond(Faults.Decision decision, HttpServletResponse response) throws IOException {
		response.setStatus(decision.status());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader("X-Okta-Request-Id", UUID.randomUUID().toString().replace("-", "").substring(0, 20));
		if (decision.status() == 429) {
			response.setHeader("X-Rate-Limit-Limit", "0");
			response.setHeader("X-Rate-Limit-Remaining", "0");
			response.setHeader("X-Rate-Limit-Reset",
					Long.toString(clock.instant().getEpochSecond() + decision.retryAfterSeconds()));
			json.writeValue(response.getOutputStream(), OktaErrors.rateLimited());
		}
		else {
			json.writeValue(response.getOutputStream(), OktaErrors.serverError());
		}
	}

}
