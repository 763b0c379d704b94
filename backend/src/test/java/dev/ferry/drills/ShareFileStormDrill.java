package dev.ferry.drills;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;
import static dev.ferry.drills.Drill.SHAREFILE_LATENCY_MILLIS;

/**
 * A minute of ShareFile answering 30 % of calls with 500/503, and in bursts (5 s of every
 * 15 s) throttling hard: 429 with Retry-After once 300 calls were served in a rolling
 * minute.
 */
class ShareFileStormDrill {

	static final Duration STORM = Duration.ofSeconds(60);

	static final String ERRORS = "{\"latencyMillis\":" + SHAREFILE_LATENCY_MILLIS + ",\"errorRate\":0.3}";

	static final String ERRORS_AND_THROTTLE = "{\"latencyMillis\":" + SHAREFILE_LATENCY_MILLIS
			+ ",\"errorRate\":0.3,\"throttlePerMinute\":300}";

	@Test
	void fiveHundredsAndThrottlingBursts() throws Exception {
		try (Drill drill = Drill.create("sharefile-storm")) {
			drill.startFerry("ferry", ROLES_ALL);
			drill.startLoad();
			drill.awaitCreated(PEOPLE / 10);
			drill.failed();
			long end = System.nanoTime() + STORM.toNanos();
			boolean changed = false;
			while (System.nanoTime() < end) {
				drill.shareFileFaults(ERRORS_AND_THROTTLE);
				Thread.sleep(5_000);
				drill.shareFileFaults(ERRORS);
				if (!changed) {
					drill.changeProfiles("Storm");
					changed = true;
				}
				Thread.sleep(10_000);
			}
			drill.shareFileFaults(Drill.LATENCY);
			drill.recovered();
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("ShareFile 30 % 5xx + 429 bursts for " + STORM.toSeconds() + " s", "");
		}
	}

}
