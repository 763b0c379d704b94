package dev.ferry.drills;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;

/**
 * Redis killed a quarter into the load and back, empty, 10 s later: dispatchers and
 * throttles fail meanwhile, enqueues still commit to PostgreSQL.
 */
class RedisRestartDrill {

	static final Duration DOWN = Duration.ofSeconds(10);

	@Test
	void redisRestartedMidLoad() throws Exception {
		try (Drill drill = Drill.create("redis-restart")) {
			drill.startFerry("ferry", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			drill.ownRedis().restart(DOWN);
			drill.recovered();
			drill.changeProfiles("Restarted");
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("Redis killed, back empty after " + DOWN.toSeconds() + " s", "");
		}
	}

}
