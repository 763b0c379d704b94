package dev.ferry.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which events of the current organisation to show or export; every part is optional and
 * they combine (all must hold). Text parts are trimmed and cut to what their column could
 * hold, so no value can make a query fail.
 *
 * @param from events at or after this instant (null: since the first)
 * @param to events before this instant (null: through the last)
 * @param actor a member's name or subject, or an actor's type (SYSTEM, OKTA, ...)
 * @param action the start of the action ({@code signin}, {@code provisioning.update})
 * @param outcome SUCCESS, FAILURE or DENIED (null: any)
 * @param target a person's or group's name or id: the event's target, or the person it
 * names ({@code label})
 * @param text words anywhere in the event, its details included
 * @param firstSeq events from this chain sequence number on (null: from the first)
 * @param lastSeq events through this chain sequence number (null: through the last)
 */
public record AuditFilter(Instant from, Instant to, String actor, String action, String outcome, String target,
		String text, Long firstSeq, Long lastSeq) {

	/** The outcomes an event can have ({@link AuditEntry.Outcome}). */
	public static final Set<String> OUTCOMES = Set.of("SUCCESS", "FAILURE", "DENIED");

	public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null, null, null, null);

	public AuditFilter {
		actor = clean(actor, 255);
		action = clean(action, 64);
		outcome = clean(outcome, 10);
		outcome = outcome == null ? null : outcome.toUpperCase(java.util.Locale.ROOT);
		if (outcome != null && !OUTCOMES.contains(outcome)) {
			outcome = null;
		}
		target = clean(target, 255);
		text = clean(text, 200);
	}

	/** Every event of the chain from {@code first} through {@code last}, inclusive. */
	public static AuditFilter chain(long first, long last) {
		return new AuditFilter(null, null, null, null, null, null, null, first, last);
	}

	/**
	 * Whether the filter keeps one whole stretch of the chain (a sequence range at most):
	 * then the events it selects link to one another without gaps. A time range is not
	 * one: an event's time is taken before it waits for the chain, so two events written
	 * at once may stand in the chain in the other order than their times.
	 */
	public boolean contiguous() {
		return from == null && to == null && actor == null && action == null && outcome == null && target == null
				&& text == null;
	}

	/** The filter as named values, for an export's manifest (absent parts left out). */
	public Map<String, Object> describe() {
		Map<String, Object> parts = new LinkedHashMap<>();
		put(parts, "from", from == null ? null : from.toString());
		put(parts, "to", to == null ? null : to.toString());
		put(parts, "actor", actor);
		put(parts, "action", action);
		put(parts, "outcome", outcome);
		put(parts, "target", target);
		put(parts, "text", text);
		put(parts, "firstSeq", firstSeq);
		put(parts, "lastSeq", lastSeq);
		return parts;
	}

	private static void put(Map<String, Object> parts, String name, Object value) {
		if (value != null) {
			parts.put(name, value);
		}
	}

	private static String clean(String value, int max) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		return trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
	}

}
