package dev.ferry.provisioning.internal.scim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.ferry.provisioning.internal.config.ConfigStore;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.provisioning.internal.scim.ScimProtocol.Answer;

/**
 * The answer an identity provider gets when the deactivation or deletion it sent is held
 * for approval (docs/scim.md, "Deactivation and deletion"). The write itself is recorded
 * — Ferry's directory follows the identity provider — and the person's sync is queued as
 * for any change; the engine then holds the disable or delete when it would pass the
 * organisation's safety threshold. A SCIM client only shows its admins an error, so the
 * write waits (at most {@link #WAIT}) for the engine's decision and, when it is held,
 * answers 503 with where to approve it: the identity provider's task fails visibly and
 * its retry, after the approval, succeeds. A target too slow to decide in time gets the
 * usual answer; the held plan still waits on the provisioning page.
 */
@Component
class HeldDeprovisioning {

	static final Duration WAIT = Duration.ofSeconds(5);

	private final Runs runs;

	private final Links links;

	private final ConfigStore configs;

	private final Clock clock;

	HeldDeprovisioning(Runs runs, Links links, ConfigStore configs, Clock clock) {
		this.runs = runs;
		this.links = links;
		this.configs = configs;
		this.clock = clock;
	}

	/** The moment a write starts: its outcome is looked for from then on. */
	Instant now() {
		return clock.instant();
	}

	/**
	 * Whether a deactivation or deletion the identity provider just sent is held.
	 * @param base the organisation's SCIM base URL, which names its portal too
	 * @param asked when the write began
	 * @param deprovisions the write takes the person's account away (active true to
	 * false, or a delete)
	 */
	Optional<Answer> held(String base, String person, Instant asked, boolean deprovisions) {
		Optional<Runs.Deprovisioned> pending = runs.deprovisionedSince(person, asked.minus(Duration.ofMinutes(10)))
			.filter(Runs.Deprovisioned::awaitingApproval);
		if (pending.isPresent()) {
			// asked again while the first is still waiting for an admin
			return Optional.of(answer(base, pending.get()));
		}
		if (!deprovisions || !configs.current().enabled()
				|| links.byIdentity(person).filter(link -> !link.disabled()).isEmpty()) {
			// nothing in the target to take away, so nothing to hold
			return Optional.empty();
		}
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Optional<Runs.Deprovisioned> decided = runs.deprovisionedSince(person, asked);
			if (decided.isPresent()) {
				return decided.filter(Runs.Deprovisioned::awaitingApproval).map(held -> answer(base, held));
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	private static Answer answer(String base, Runs.Deprovisioned held) {
		String approve = base.replace("/scim/v2/", "/t/") + "/provisioning/runs/" + held.run();
		return Answer.error(503, null,
				"Held for approval in Ferry: disabling or deleting this person's account now would pass the "
						+ "organisation's safety threshold for accounts taken away in ten minutes. Ferry has recorded "
						+ "the change; nothing changes in ShareFile until an administrator approves it at " + approve
						+ " . Retry after that.");
	}

}
