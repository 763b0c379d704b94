package dev.ferry.drills;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;

/**
 * Redis killed a quarter into the load and back, empty, once the worker has failed to
 * read its work three times: dispatchers and throttles fail meanwhile, enqueues still
 * commit to PostgreSQL.
 */
class RedisRestartDrill {

	/** What the worker logs when it cannot read its work from Redis. */
	static final String FELT = "could not read work";

	@Test
	void redisRestartedMidLoad() throws Exception {
		try (Drill drill = Drill.create("redis-restart")) {
			drill.startFerry("ferry", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			long before = drill.ferryLogged(FELT);
			long down = System.nanoTime();
			// back once the worker has failed to read its work a few times (it pauses a
			// second after each), not after a fixed time
			drill.ownRedis().restart(() -> drill.awaitFerryLogged(FELT, before, 3));
			Duration downFor = Duration.ofNanos(System.nanoTime() - down);
			drill.recovered();
			drill.changeProfiles("Restarted");
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("Redis killed, back empty once the worker had felt it",
					String.format(java.util.Locale.ROOT, "down %.1f s", downFor.toMillis() / 1000.0));
		}
	}

}
