package dev.ferry.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.audit.Refusals;
import dev.ferry.provisioning.internal.DeliveryGaps;
import dev.ferry.provisioning.internal.HookIngest;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.Tenants;

/**
 * Where Okta delivers event hook batches for one organisation. Answers within Okta's
 * 3-second timeout whatever happens behind it: a delivery that cannot be taken in
 * {@value #ANSWER_WITHIN_MS} ms (the database is unreachable, say) is answered 503, so
 * Okta retries it, and the gap is noted so the System Log is read as soon as Ferry can
 * (docs/work.md, "After an outage"). The work itself is queued.
 */
@RestController
class HookController {

	/**
	 * Okta gives up on a delivery after 3 s; answer before that, network time included.
	 */
	static final long ANSWER_WITHIN_MS = 2_500;

	/**
	 * Deliveries taken at once; beyond that Okta is asked to retry at once, not kept
	 * waiting.
	 */
	private static final int IN_FLIGHT = 64;

	private static final Logger log = LoggerFactory.getLogger(HookController.class);

	private final Tenants tenants;

	private final HookIngest ingest;

	private final Refusals refusals;

	private final DeliveryGaps gaps;

	private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();

	private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

	HookController(Tenants tenants, HookIngest ingest, Refusals refusals, DeliveryGaps gaps) {
		this.tenants = tenants;
		this.ingest = ingest;
		this.refusals = refusals;
		this.gaps = gaps;
	}

	@PostMapping("/hooks/okta/{slug}")
	ResponseEntity<String> deliver(@PathVariable String slug, HttpServletRequest request) throws IOException {
		if (slug.length() > 40) {
			return ResponseEntity.notFound().build();
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
		String authorization = request.getHeader("Authorization");
		if (!inFlight.tryAcquire()) {
			return unavailable(slug, "too many deliveries in flight");
		}
		Map<String, String> origin = MDC.getCopyOfContextMap();
		Future<ResponseEntity<String>> answer = deliveries.submit(() -> {
			try {
				if (origin != null) {
					MDC.setContextMap(origin);
				}
				return take(slug, authorization, body);
			}
			finally {
				MDC.clear();
				inFlight.release();
			}
		});
		try {
			return answer.get(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// it may still go through (the database answering late); a retry by Okta is
			// then deduplicated
			return unavailable(slug, "no answer within " + Duration.ofMillis(ANSWER_WITHIN_MS).toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			return unavailable(slug, String.valueOf(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unavailable(slug, "interrupted");
		}
	}

	private ResponseEntity<String> take(String slug, String authorization, byte[] body) {
		var tenant = tenants.bySlug(slug).orElse(null);
		if (tenant == null) {
			return ResponseEntity.notFound().build();
		}
		HookIngest.Outcome outcome = TenantContext.call(tenant.id(), () -> ingest.accept(authorization, body));
		return switch (outcome) {
			case ACCEPTED -> ResponseEntity.ok().build();
			case UNAUTHORIZED -> ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
			// a wrong secret, too often this minute from this address
			case THROTTLED -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header("Retry-After", Long.toString(refusals.retryAfterSeconds()))
				.build();
			case MALFORMED -> ResponseEntity.badRequest().body("{\"error\":\"not an Okta event hook delivery\"}");
		};
	}

	/**
	 * 503 so Okta retries, and the window noted so the System Log is read once Ferry can.
	 */
	private ResponseEntity<String> unavailable(String slug, String why) {
		log.warn("Could not take an event hook delivery for {}: {}; answered 503", slug, why);
		gaps.note("a hook delivery for " + slug + " was answered 503 (" + why + ")");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header("Retry-After", "1")
			.body("{\"error\":\"Ferry cannot take this delivery now; retry\"}");
	}

}
