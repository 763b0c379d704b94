package dev.ferry.drills;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;

/**
 * Ferry on Redis under Sentinel ({@link OwnSentinel}), configured with the Sentinels'
 * addresses only; a quarter into the load the primary is SIGKILLed, as when its host is
 * lost. The Sentinels promote the replica; Ferry finds it through them and carries on.
 * Replication is asynchronous, so the last writes the primary took may be missing on the
 * replica: the work they carried comes back from PostgreSQL, as after a FLUSHALL.
 */
class RedisSentinelFailoverDrill {

	@Test
	void primaryLostAndReplicaPromoted() throws Exception {
		try (Drill drill = Drill.create("redis-sentinel", OwnSentinel::start)) {
			OwnSentinel sentinel = (OwnSentinel) drill.redis;
			drill.startFerry("ferry", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			Instant killed = Instant.now();
			int lost = sentinel.killPrimary();
			int promoted = sentinel.awaitFailover(lost);
			Duration failover = Duration.between(killed, Instant.now());
			drill.recovered();
			System.out.printf("[redis-sentinel] primary %d killed; %d promoted after %d ms%n", lost, promoted,
					failover.toMillis());
			drill.changeProfiles("Promoted");
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("Redis primary SIGKILLed under Sentinel, replica promoted", String
				.format(java.util.Locale.ROOT, "replica promoted %.1f s after the kill", failover.toMillis() / 1000.0));
		}
	}

}
