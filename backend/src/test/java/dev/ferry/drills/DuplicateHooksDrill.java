package dev.ferry.drills;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ferry.provisioning.ProvisioningWorld;
import dev.ferry.test.FerryProcess;
import dev.ferry.test.Sandbox;

import static dev.ferry.drills.Drill.PEOPLE;
import static dev.ferry.drills.Drill.ROLES_ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Okta's event hook deliveries arrive three times each, shuffled ({@link HookRelay}),
 * while the load runs and every changed person's last name changes three times in a row.
 * The System Log poller is slowed to 5 minutes, so the hook is the only way the changes
 * reach Ferry: the latest value must win, once.
 */
class DuplicateHooksDrill {

	@Test
	void hookDeliveriesDuplicatedThreeTimesAndShuffled() throws Exception {
		try (Drill drill = Drill.create("hooks-duplicated")) {
			FerryProcess ferry = drill.startFerry("ferry", ROLES_ALL, Sandbox.freePort(),
					Map.of("ferry.provisioning.poll-interval", "5m"));
			try (HookRelay relay = new HookRelay(ferry.baseUrl())) {
				for (ProvisioningWorld world : drill.worlds) {
					world.registerHook();
					world.pointHookAt(relay.baseUrl());
				}
				drill.startLoad();
				drill.awaitCreated(PEOPLE / 4);
				drill.failed();
				for (String round : new String[] { "HookOne", "HookTwo", "HookThree" }) {
					drill.changeProfiles(round);
				}
				await("the relay passing every delivery on").atMost(Duration.ofSeconds(60))
					.until(() -> relay.received() > 0 && relay.drained());
				drill.recovered();
				drill.awaitConvergence();
				drill.assertPlan(0);
				assertThat(relay.refused()).as("copies Ferry refused").isEmpty();
				assertThat(relay.sent()).as("copies sent").isGreaterThanOrEqualTo(HookRelay.COPIES * relay.received());
				drill.record("Okta hook deliveries ×3, shuffled", relay.received() + " deliveries, " + relay.sent()
						+ " copies sent; System Log poll every 5 min");
			}
		}
	}

}
