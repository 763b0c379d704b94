package dev.ferry.drills;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;

/**
 * Ferry's PostgreSQL stopped a quarter into the load (pg_ctl stop -m fast: every
 * connection ended) and started again 10 s later. The drill's own cluster: the shared one
 * is never touched.
 */
class PostgresRestartDrill {

	static final Duration DOWN = Duration.ofSeconds(10);

	@Test
	void postgresRestartedMidLoad() throws Exception {
		try (Drill drill = Drill.create("postgres-restart")) {
			drill.startFerry("ferry", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			drill.postgres.stop();
			drill.changeProfiles("Restarted");
			Thread.sleep(DOWN.toMillis());
			drill.postgres.startServer();
			drill.recovered();
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("PostgreSQL stopped, started again after " + DOWN.toSeconds() + " s", "");
		}
	}

}
