package dev.ferry.provisioning;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.connector.HookFormat;
import dev.ferry.provisioning.internal.config.SourceHooks;
import dev.ferry.provisioning.internal.feed.HookIngest;
import dev.ferry.system.TenantContext;

/**
 * Where an identity source delivers its changes for one organisation
 * ({@code /hooks/<kind>/<slug>}), once {@link MachineGate} has checked the hook secret;
 * the source's connector reads the delivery ({@link HookFormat}). Taking a delivery (the
 * work itself is queued) runs within the delivery's deadline ({@link HookDeliveries}), so
 * the source gets its answer within its timeout (Okta's is 3 seconds) whatever happens
 * behind it; too late is 503, and the source retries.
 */
@RestController
class HookController {

	private final HookIngest ingest;

	private final HookDeliveries deliveries;

	private final SourceHooks hooks;

	HookController(HookIngest ingest, HookDeliveries deliveries, SourceHooks hooks) {
		this.ingest = ingest;
		this.deliveries = deliveries;
		this.hooks = hooks;
	}

	@PostMapping("/hooks/{kind}/{slug}")
	ResponseEntity<String> deliver(@PathVariable String kind, @AuthenticationPrincipal MachineCaller caller,
			@RequestAttribute(HookDeliveries.DEADLINE) long deadline, @RequestBody(required = false) String body) {
		return deliveries.within(deadline, caller.slug(), () -> TenantContext.call(caller.tenant(), () -> {
			HookFormat format = hooks.format(kind).orElse(null);
			if (format == null) {
				// not the organisation's source: as for an address that does not exist
				return ResponseEntity.notFound().build();
			}
			try {
				ingest.accept(format.readChanges(body));
				return ResponseEntity.ok().build();
			}
			catch (IllegalArgumentException unreadable) {
				ingest.malformed(unreadable.getMessage());
				return ResponseEntity.status(HttpStatus.BAD_REQUEST)
					.body("{\"error\":\"not a change delivery Ferry can read\"}");
			}
		}));
	}

}
