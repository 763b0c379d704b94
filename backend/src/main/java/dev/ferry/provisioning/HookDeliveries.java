package dev.ferry.provisioning;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.provisioning.internal.feed.DeliveryGaps;

/**
 * Keeps Okta's event hook within Okta's 3-second timeout whatever happens behind it.
 * Every piece of a delivery's work that may wait on the database — finding the
 * organisation and checking the secret ({@link MachineGate}), taking the delivery
 * ({@link HookController}) — runs here, on a virtual thread, against one deadline set
 * when the delivery's body has been read. A delivery that cannot be taken by then (the
 * database is unreachable, say) is answered 503, so Okta retries it, and the gap is noted
 * so the System Log is read as soon as Ferry can (docs/work.md, "After an outage").
 */
@Component
class HookDeliveries {

	/**
	 * Okta gives up on a delivery after 3 s; answer before that, network time included.
	 */
	static final long ANSWER_WITHIN_MS = 2_500;

	/**
	 * The request attribute holding a delivery's deadline ({@link System#nanoTime()}),
	 * set by the gate for the controller.
	 */
	static final String DEADLINE = "dev.ferry.provisioning.HookDeliveries.deadline";

	/**
	 * Pieces of work in flight at once; beyond that Okta is asked to retry at once, not
	 * kept waiting.
	 */
	private static final int IN_FLIGHT = 64;

	private static final Logger log = LoggerFactory.getLogger(HookDeliveries.class);

	private final DeliveryGaps gaps;

	private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();

	private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

	HookDeliveries(DeliveryGaps gaps) {
		this.gaps = gaps;
	}

	/** The deadline of a delivery whose body has been read now. */
	static long deadlineFromNow() {
		return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_WITHIN_MS);
	}

	/**
	 * Runs {@code work} for a delivery to {@code slug} and waits for it until
	 * {@code deadline}. A {@link Refused} it throws is passed on.
	 * @throws Refused answered 503 when the work is not done in time, cannot start or
	 * fails
	 */
	<T> T within(long deadline, String slug, Callable<T> work) {
		if (!inFlight.tryAcquire()) {
			throw unavailable(slug, "too many deliveries in flight");
		}
		Map<String, String> origin = MDC.getCopyOfContextMap();
		Future<T> answer = deliveries.submit(() -> {
			try {
				if (origin != null) {
					MDC.setContextMap(origin);
				}
				return work.call();
			}
			finally {
				MDC.clear();
				inFlight.release();
			}
		});
		try {
			return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			// it may still go through (the database answering late); a retry by Okta is
			// then deduplicated
			throw unavailable(slug, "no answer within " + ANSWER_WITHIN_MS + " ms");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Refused refused) {
				throw refused;
			}
			throw unavailable(slug, String.valueOf(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(slug, "interrupted");
		}
	}

	/**
	 * 503 so Okta retries, and the window noted so the System Log is read once Ferry can.
	 */
	private Refused unavailable(String slug, String why) {
		log.warn("Could not take an event hook delivery for {}: {}; answered 503", slug, why);
		gaps.note("a hook delivery for " + slug + " was answered 503 (" + why + ")");
		return new Refused(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header("Retry-After", "1")
			.body("{\"error\":\"Ferry cannot take this delivery now; retry\"}"));
	}

}
