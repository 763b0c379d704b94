package dev.ferry.connection;

import java.util.Optional;

import dev.ferry.audit.AuditEntry.Actor;
import dev.ferry.system.Problem;

/**
 * A module's part in switching an organisation's identity source to another kind (Okta's
 * API to SCIM push, say): the people of one source are not the people of the other, so
 * what was built on the first (links between people and accounts) has to follow. Before
 * the switch each module says what it would do (a dry run the person confirms); in the
 * switch's transaction it does it. Implemented where that knowledge lives; the connection
 * module asks every one.
 */
public interface SourceSwitch {

	/**
	 * What switching the current organisation's source from one kind to another would do,
	 * for people to read before they confirm; empty when it changes nothing here.
	 */
	Optional<Problem> effect(String from, String to);

	/** Does it: called in the transaction that switches the source. */
	void switched(String from, String to, Actor actor);

}
