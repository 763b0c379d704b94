package dev.ferry.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How a source's calls to Ferry's hooks read and are answered: the wire format of its
 * kind, the same for every connection, so it needs no settings. Ferry serves the hooks
 * ({@code /hooks/<kind>/<organisation>} for changes, {@code .../password-import} for
 * password checks) and checks each call's shared secret before a format reads it.
 */
public interface HookFormat {

	/**
	 * The answer to the source's check that a hook address is Ferry's (a GET before it
	 * delivers), read from the request's headers; empty when the request is not such a
	 * check. Needs no secret: echoing a challenge reveals nothing.
	 */
	Optional<Map<String, String>> challengeAnswer(UnaryOperator<String> header);

	/**
	 * A delivery of changes.
	 * @throws IllegalArgumentException when the body is not one, with what is wrong in
	 * one line
	 */
	Delivery readChanges(String body);

	/**
	 * The credentials of a password check; their parts are null when missing (the answer
	 * is then "not verified").
	 * @throws IllegalArgumentException when the body cannot be read at all
	 */
	Credentials readPasswordCheck(String body);

	/** The answer to a password check, as the source expects it. */
	Object passwordAnswer(boolean verified);

	/** The events of one delivery, in the order the source sent them. */
	record Delivery(List<Event> events) {

		public Delivery {
			events = List.copyOf(events);
		}

	}

	/**
	 * One change the source tells of.
	 *
	 * @param id the source's id of the event: a source may deliver one twice
	 * @param type the source's name for what happened
	 * @param people the ids of the people it is about
	 * @param profileOnly whether it changes profiles only, never who is assigned
	 * @param aboutGroups whether it is a change of groups (membership, name, existence)
	 * @param groups the groups it names, as far as the source says
	 */
	record Event(String id, String type, List<String> people, boolean profileOnly, boolean aboutGroups,
			List<Group> groups) {

		public Event {
			people = List.copyOf(people);
			groups = List.copyOf(groups);
		}

	}

	/** A group an event names; its name is "" when the source gave none. */
	record Group(String id, String name) {

	}

	/** A person's credentials as typed at sign-in; never logged. */
	record Credentials(String username, String password) {

		@Override
		public String toString() {
			return "Credentials[username=" + username + ", password hidden]";
		}

	}

}
