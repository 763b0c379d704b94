package dev.ferry.provisioning;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.provisioning.internal.feed.HookIngest;
import dev.ferry.system.TenantContext;

/**
 * Where Okta delivers event hook batches for one organisation, once {@link MachineGate}
 * has checked the hook secret. Taking a delivery (the work itself is queued) runs within
 * the delivery's deadline ({@link HookDeliveries}), so Okta gets its answer within its
 * 3-second timeout whatever happens behind it; too late is 503, and Okta retries.
 */
@RestController
class HookController {

	private final HookIngest ingest;

	private final HookDeliveries deliveries;

	HookController(HookIngest ingest, HookDeliveries deliveries) {
		this.ingest = ingest;
		this.deliveries = deliveries;
	}

	@PostMapping("/hooks/okta/{slug}")
	ResponseEntity<String> deliver(@AuthenticationPrincipal MachineCaller caller,
			@RequestAttribute(HookDeliveries.DEADLINE) long deadline,
			@RequestBody(required = false) HookIngest.Delivery delivery) {
		HookIngest.Outcome outcome = deliveries.within(deadline, caller.slug(),
				() -> TenantContext.call(caller.tenant(), () -> ingest.accept(delivery)));
		return switch (outcome) {
			case ACCEPTED -> ResponseEntity.ok().build();
			case MALFORMED -> notADelivery();
		};
	}

	/** Not JSON, or not shaped like a delivery: recorded, within the deadline too. */
	@ExceptionHandler
	ResponseEntity<?> unreadable(HttpMessageNotReadableException ex, @AuthenticationPrincipal MachineCaller caller,
			@RequestAttribute(HookDeliveries.DEADLINE) long deadline) {
		try {
			deliveries.within(deadline, caller.slug(), () -> {
				TenantContext.run(caller.tenant(), () -> ingest.malformed(ex.getMostSpecificCause().getMessage()));
				return null;
			});
		}
		catch (Refused tooLate) {
			// thrown out of an exception handler it would not be answered
			return tooLate.answer();
		}
		return notADelivery();
	}

	private static ResponseEntity<String> notADelivery() {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body("{\"error\":\"not an Okta event hook delivery\"}");
	}

}
