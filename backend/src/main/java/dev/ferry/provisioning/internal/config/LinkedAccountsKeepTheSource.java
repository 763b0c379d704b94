package dev.ferry.provisioning.internal.config;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.ferry.connection.SourceSwitchRule;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.system.Problem;

/**
 * Accounts linked to people of one identity source keep it: the people of another source
 * have other ids, so after a switch every linked account would look orphaned to the next
 * reconcile and be deprovisioned (held above the safety threshold, but a switch should
 * not depend on that). Until accounts can be re-matched across sources, a source is
 * switched only while no account is linked (docs/scim.md).
 */
@Component
class LinkedAccountsKeepTheSource implements SourceSwitchRule {

	private final Links links;

	LinkedAccountsKeepTheSource(Links links) {
		this.links = links;
	}

	@Override
	public Optional<Problem> refusal(String from, String to) {
		long linked = links.count();
		return linked == 0 ? Optional.empty()
				: Optional.of(Problem.of("connections.flash.source.switchLinked", linked));
	}

}
