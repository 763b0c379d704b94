package dev.ferry.drills;

import org.junit.jupiter.api.Test;

import dev.ferry.test.FerryProcess;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;

/**
 * A worker process SIGKILLed a quarter into the load (no shutdown hook, no last write):
 * alone, and restarted as a supervisor would; and as one of two, the other taking its
 * work over once its heartbeat is missed.
 */
class WorkerKillDrill {

	@Test
	void theOnlyWorkerKilledAndRestarted() throws Exception {
		try (Drill drill = Drill.create("worker-kill")) {
			FerryProcess first = drill.startFerry("first", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			first.kill();
			drill.changeProfiles("Killed");
			drill.startFerry("restarted", ROLES_ALL);
			drill.recovered();
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("SIGKILL of the only worker process, restarted", "restart includes the JVM start");
		}
	}

	@Test
	void oneOfTwoWorkerProcessesKilled() throws Exception {
		try (Drill drill = Drill.create("worker-kill-two")) {
			drill.startFerry("web-worker", ROLES_ALL);
			FerryProcess worker = drill.startFerry("worker", "worker");
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			worker.kill();
			drill.changeProfiles("Killed");
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("SIGKILL of one of two worker processes", "the survivor takes over, no restart");
		}
	}

}
