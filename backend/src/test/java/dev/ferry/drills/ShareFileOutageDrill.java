package dev.ferry.drills;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;
import static dev.ferry.drills.Drill.SHAREFILE_LATENCY_MILLIS;

/**
 * Every organisation's ShareFile down for two minutes (503 with Retry-After to every
 * call) a quarter into the load, with profile changes made during the outage.
 */
class ShareFileOutageDrill {

	static final Duration OUTAGE = Duration.ofMinutes(2);

	@Test
	void shareFileDownForTwoMinutes() throws Exception {
		try (Drill drill = Drill.create("sharefile-outage")) {
			drill.startFerry("ferry", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 4);
			drill.failed();
			drill.shareFileFaults("{\"latencyMillis\":" + SHAREFILE_LATENCY_MILLIS + ",\"outageSeconds\":"
					+ OUTAGE.toSeconds() + "}");
			drill.changeProfiles("Outage");
			drill.worlds.forEach(Drill::awaitOutageOver);
			drill.recovered();
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("ShareFile down 2 min (all organisations)", "");
		}
	}

}
