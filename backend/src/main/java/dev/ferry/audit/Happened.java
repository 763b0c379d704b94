package dev.ferry.audit;

import java.util.Map;
import java.util.UUID;

import dev.ferry.audit.AuditEntry.Actor;
import dev.ferry.audit.AuditEntry.Outcome;

/**
 * Something worth auditing happened: the module that made it happen publishes this with
 * Spring's {@code ApplicationEventPublisher}, and the audit module records it
 * ({@code AuditListener}, a synchronous listener). By default it is recorded in the
 * publisher's transaction, so the change and its audit event commit or roll back
 * together; {@link #evenIfRolledBack()} records it in a transaction of its own instead,
 * for refusals and failures whose answer must be on record although the work did not
 * commit (as {@link AuditLog#recordNow} does). Within one transaction, publish those
 * before any event of the same organisation recorded with the change: the change's
 * transaction holds its audit chain until it ends, so a later one of its own would wait
 * for it forever.
 *
 * @param tenantId the organisation it concerns (null: nobody's); for the default
 * recording it must be the current tenant
 * @param actor who or what did it
 * @param action a dotted verb, e.g. {@code member.role_changed}
 * @param details context and before/after values ({@link Diff}); never secrets
 * @param recording in the publisher's transaction, or in one of its own
 */
public record Happened(UUID tenantId, Actor actor, String action, String targetType, String targetId, Outcome outcome,
		Map<String, Object> details, Recording recording) {

	public enum Recording {

		/** In the publisher's transaction (or its own when there is none). */
		WITH_THE_CHANGE,

		/** In a transaction of its own, kept whatever happens to the publisher's. */
		EVEN_IF_ROLLED_BACK

	}

	public Happened {
		details = details == null ? Map.of() : details;
		recording = recording == null ? Recording.WITH_THE_CHANGE : recording;
	}

	/** Recorded with the change, in the publisher's transaction. */
	public Happened(UUID tenantId, Actor actor, String action, String targetType, String targetId, Outcome outcome,
			Map<String, Object> details) {
		this(tenantId, actor, action, targetType, targetId, outcome, details, Recording.WITH_THE_CHANGE);
	}

	/** The same event, recorded in a transaction of its own. */
	public Happened evenIfRolledBack() {
		return new Happened(tenantId, actor, action, targetType, targetId, outcome, details,
				Recording.EVEN_IF_ROLLED_BACK);
	}

	AuditEntry entry() {
		return new AuditEntry(tenantId, actor, action, targetType, targetId, outcome, details);
	}

}
