package dev.ferry.provisioning.internal.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.connector.Throttled;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a reconcile stops to wait for its target rather than hand each person over
 * ({@link ReconcileHandler#waitForTarget}).
 */
class WaitForTargetTest {

	@Test
	void moreThanAHundredPeopleWaitingOnAnOutageStopTheRunUntilTheTargetIsBack() {
		Map<String, ConnectorException> failed = failures(101, Duration.ofSeconds(121));
		failed.put("late", unavailable(Duration.ofSeconds(90)));
		assertThat(ReconcileHandler.waitForTarget(failed)).hasValueSatisfying(wait -> {
			assertThat(wait).isInstanceOf(Throttled.class);
			assertThat(wait.retryAfter()).as("the time left as the latest failure saw it")
				.isEqualTo(Duration.ofSeconds(90));
			assertThat(wait.getMessage()).startsWith("102 people wait for the target");
		});
	}

	@Test
	void aFiveHundredAndThreeWithoutRetryAfterCountsAsAnOutage() {
		// ShareFile's 503 does not always say how long: the client then assumes 5 s,
		// exactly what a run sits out
		assertThat(ReconcileHandler.waitForTarget(failures(101, Duration.ofMillis(ReconcileHandler.IN_RUN_WAIT_MS))))
			.isPresent();
	}

	@Test
	void fewPeopleShortWaitsOrRefusalsAreHandedOverOneByOne() {
		assertThat(ReconcileHandler.waitForTarget(failures(ReconcileHandler.HAND_OVER_MAX, Duration.ofSeconds(121))))
			.as("a hundred: each a sync of their own")
			.isEmpty();
		assertThat(ReconcileHandler.waitForTarget(failures(500, Duration.ofSeconds(1)))).as("waits a run sits out")
			.isEmpty();
		Map<String, ConnectorException> refused = new HashMap<>();
		for (int i = 0; i < 500; i++) {
			refused.put("p" + i, ConnectorException.of(Kind.INVALID_REQUEST, "refused"));
		}
		assertThat(ReconcileHandler.waitForTarget(refused)).as("nothing to wait for").isEmpty();
	}

	private static Map<String, ConnectorException> failures(int people, Duration retryAfter) {
		Map<String, ConnectorException> failed = new HashMap<>();
		for (int i = 0; i < people; i++) {
			failed.put("p" + i, unavailable(retryAfter));
		}
		return failed;
	}

	private static ConnectorException unavailable(Duration retryAfter) {
		return new ConnectorException(Kind.RETRYABLE, "ShareFile answered 503", 503, null, retryAfter);
	}

}
