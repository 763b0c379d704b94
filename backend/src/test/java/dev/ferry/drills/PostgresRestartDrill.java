package dev.ferry.drills;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;

/**
 * Ferry's PostgreSQL stopped a quarter into the load (pg_ctl stop -m fast: every
 * connection ended) and started again once the profile changes made meanwhile are in Okta
 * and Ferry's worker has failed three heartbeats. The drill's own cluster: the shared one
 * is never touched.
 */
class PostgresRestartDrill {

	/** What a worker logs when its heartbeat cannot reach the database. */
	static final String FELT = "could not record its heartbeat";

	@Test
	void postgresRestartedMidLoad() throws Exception {
		try (Drill drill = Drill.create("postgres-restart")) {
			drill.startFerry("ferry", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			long before = drill.ferryLogged(FELT);
			long down = System.nanoTime();
			drill.postgres.stop();
			drill.changeProfiles("Restarted");
			// started again once the changes are made and Ferry's worker has missed a few
			// heartbeats (every 500 ms here), not after a fixed time
			drill.awaitFerryLogged(FELT, before, 3);
			drill.postgres.startServer();
			Duration downFor = Duration.ofNanos(System.nanoTime() - down);
			drill.recovered();
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("PostgreSQL stopped, started again once Ferry had felt it",
					String.format(java.util.Locale.ROOT, "down %.1f s", downFor.toMillis() / 1000.0));
		}
	}

}
