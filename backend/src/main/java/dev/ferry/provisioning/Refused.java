package dev.ferry.provisioning;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A machine endpoint's caller turned away, with the answer they get. Thrown by
 * {@link MachineGate} and {@link HookDeliveries}; answered through Spring MVC (by
 * {@link Answers}), so a refusal is written exactly as a controller's answer would be:
 * the same message converters and content negotiation.
 */
final class Refused extends RuntimeException {

	private final transient ResponseEntity<?> answer;

	Refused(ResponseEntity<?> answer) {
		super(null, null, false, false);
		this.answer = answer;
	}

	ResponseEntity<?> answer() {
		return answer;
	}

	/**
	 * Answers a {@link Refused}, also when it is thrown outside any controller (by the
	 * gate, which hands it to MVC's exception resolvers): only advice that applies to
	 * every controller is consulted then.
	 */
	@RestControllerAdvice
	static class Answers {

		@ExceptionHandler
		ResponseEntity<?> refused(Refused refused) {
			return refused.answer();
		}

	}

}
