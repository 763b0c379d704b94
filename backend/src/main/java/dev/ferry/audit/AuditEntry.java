package dev.ferry.audit;

import java.util.Map;
import java.util.UUID;

/**
 * One thing that happened, to be recorded.
 *
 * @param tenantId the organisation it concerns (null: nobody's, e.g. a sign-in to an
 * unknown organisation)
 * @param actor who or what did it
 * @param action a dotted verb, e.g. {@code signin.success}, {@code member.role.changed}
 * @param details before/after values and context; never secrets
 */
public record AuditEntry(UUID tenantId, Actor actor, String action, String targetType, String targetId, Outcome outcome,
		Map<String, Object> details) {

	public enum Outcome {

		SUCCESS, FAILURE, DENIED

	}

	/**
	 * @param type MEMBER (a person), SYSTEM (Ferry itself), ANONYMOUS, or an identity
	 * source by its connector kind in capitals (OKTA: an Okta event; SCIM: a SCIM client)
	 */
	public record Actor(String type, String id, String name) {

		public static Actor system() {
			return new Actor("SYSTEM", "ferry", "Ferry");
		}

		public static Actor anonymous() {
			return new Actor("ANONYMOUS", null, null);
		}

		public static Actor member(String subject, String name) {
			return new Actor("MEMBER", subject, name);
		}

	}

}
