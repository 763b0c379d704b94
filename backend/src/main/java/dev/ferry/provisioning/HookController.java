package dev.ferry.provisioning;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.audit.Refusals;
import dev.ferry.provisioning.internal.HookIngest;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/** Where Okta delivers event hook batches for one organisation. Answers fast; the work is queued. */
@RestController
class HookController {

	private final Tenants tenants;

	private final HookIngest ingest;

	private final Refusals refusals;

	HookController(Tenants tenants, HookIngest ingest, Refusals refusals) {
		this.tenants = tenants;
		this.ingest = ingest;
		this.refusals = refusals;
	}

	@PostMapping("/hooks/okta/{slug}")
	ResponseEntity<String> deliver(@PathVariable String slug, HttpServletRequest request) throws IOException {
		var tenant = slug.length() > 40 ? null : tenants.bySlug(slug).orElse(null);
		if (tenant == null) {
			return ResponseEntity.notFound().build();
		}
		if (refusals.throttled(tenant.id(), HookIngest.SOURCE)) {
			// refused too often this minute from this address: no work at all until the minute ends
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header("Retry-After", Long.toString(refusals.retryAfterSeconds()))
				.build();
		}
		if (request.getContentLengthLong() > HookIngest.MAX_BODY_BYTES) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body("{\"error\":\"body larger than 1 MiB\"}");
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(HookIngest.MAX_BODY_BYTES + 1);
		}
		if (body.length > HookIngest.MAX_BODY_BYTES) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body("{\"error\":\"body larger than 1 MiB\"}");
		}
		HookIngest.Outcome outcome = TenantContext.call(tenant.id(),
				() -> ingest.accept(request.getHeader("Authorization"), body));
		return switch (outcome) {
			case ACCEPTED -> ResponseEntity.ok().build();
			case UNAUTHORIZED -> ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
			case MALFORMED -> ResponseEntity.badRequest().body("{\"error\":\"not an Okta event hook delivery\"}");
		};
	}

}
