package dev.ferry.drills;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;

/**
 * Redis loses everything (FLUSHALL) a quarter into the load: streams, consumer groups,
 * the ready set, leases and token buckets. The jobs live in PostgreSQL and are
 * republished.
 */
class RedisFlushDrill {

	@Test
	void redisFlushedMidLoad() throws Exception {
		try (Drill drill = Drill.create("redis-flush")) {
			drill.startFerry("ferry", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			drill.ownRedis().flushAll();
			drill.changeProfiles("Flushed");
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("Redis FLUSHALL", "");
		}
	}

}
