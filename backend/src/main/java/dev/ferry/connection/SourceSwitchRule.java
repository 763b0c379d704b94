package dev.ferry.connection;

import java.util.Optional;

import dev.ferry.system.Problem;

/**
 * A module's say on switching an organisation's identity source to another kind (Okta's
 * API to SCIM push, say): the people of one source are not the people of the other, so
 * what was built on the first (links between people and accounts) may forbid the switch.
 * Implemented where that knowledge lives; the connection module asks every rule.
 */
public interface SourceSwitchRule {

	/**
	 * Why the current organisation's identity source may not switch from one kind to
	 * another; empty when it may.
	 */
	Optional<Problem> refusal(String from, String to);

}
