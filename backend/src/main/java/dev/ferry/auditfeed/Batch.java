package dev.ferry.auditfeed;

import java.util.List;
import java.util.UUID;

/**
 * What one call to a receiver carries: consecutive events of one organisation's chain (or
 * none, for a test).
 *
 * @param delivery the batch's id, {@code <destination>:<first seq>-<last seq>}: a batch
 * sent again after a failure or a crash carries the same id as long as no event joined it
 * meanwhile; receivers de-duplicate by the events' {@code tenant} and {@code seq}, which
 * always works
 * @param test whether this is the page's "send test event", outside the chain
 */
record Batch(String delivery, String organisation, UUID tenant, List<FeedEvent> events, boolean test) {

	static Batch of(UUID destination, String organisation, UUID tenant, List<FeedEvent> events) {
		return new Batch(destination + ":" + events.getFirst().seq() + "-" + events.getLast().seq(), organisation,
				tenant, events, false);
	}

	static Batch test(UUID destination, String organisation, UUID tenant) {
		return new Batch(destination + ":test-" + UUID.randomUUID(), organisation, tenant, List.of(), true);
	}

}
