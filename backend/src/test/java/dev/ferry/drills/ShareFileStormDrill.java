package dev.ferry.drills;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;
import static dev.ferry.drills.Drill.SHAREFILE_LATENCY_MILLIS;
import static org.awaitility.Awaitility.await;

/**
 * ShareFile answering 30 % of calls with 500/503 throughout, and in four bursts
 * throttling hard: 429 with Retry-After once 300 calls were served in a rolling minute. A
 * burst lasts until ShareFile has refused 40 calls, the calm after it until 150 have gone
 * through.
 */
class ShareFileStormDrill {

	/** Throttling bursts in the storm. */
	static final int BURSTS = 4;

	/** 429s ShareFile answers before a burst ends. */
	static final int THROTTLED = 40;

	/** Calls that go through between two bursts. */
	static final int CALM = 150;

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
			// four bursts, each phase ended by what ShareFile answered, not by a clock:
			// throttling until it has refused THROTTLED calls with 429, then errors only
			// until CALM calls have gone through
			boolean changed = false;
			for (int burst = 0; burst < BURSTS; burst++) {
				long phase = drill.mark();
				drill.shareFileFaults(ERRORS_AND_THROTTLE);
				await("429s in burst " + burst).atMost(Drill.CONVERGE)
					.pollInterval(Duration.ofMillis(250))
					.until(() -> drill.shareFileAnswersSince(phase, status -> status == 429) >= THROTTLED);
				long calm = drill.mark();
				drill.shareFileFaults(ERRORS);
				if (!changed) {
					drill.changeProfiles("Storm");
					changed = true;
				}
				await("calls through after burst " + burst).atMost(Drill.CONVERGE)
					.pollInterval(Duration.ofMillis(250))
					.until(() -> drill.shareFileAnswersSince(calm, status -> status / 100 == 2) >= CALM);
			}
			drill.shareFileFaults(Drill.LATENCY);
			drill.recovered();
			drill.awaitConvergence();
			drill.assertPlan(0);
			drill.record("ShareFile 30 % 5xx throughout, " + BURSTS + " bursts of 429s", "");
		}
	}

}
