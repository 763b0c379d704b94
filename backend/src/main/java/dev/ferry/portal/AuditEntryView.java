package dev.ferry.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.audit.AuditRecord;
import dev.ferry.audit.Diff;

/**
 * One audit event as the audit page shows it to people: who, what, to what, with what
 * outcome, when and from where, each change as before → after, the remaining details as
 * named values, and the raw JSON for whoever wants it.
 *
 * <p>
 * The changes are read from the shapes {@link Diff} writes: the details themselves as
 * {@code {"before": …, "after": …}} (one value), an attribute as {@code {name: {"before":
 * …, "after": …}}}, a secret given anew as {@code {name: "changed"}} beside them, and the
 * provisioning engine's {@code {"changes": {name: {"before": …, "after": …}}}}.
 *
 * @param changes before → after per attribute, in the order recorded
 * @param context the other details, by name, as text
 * @param rawJson the details as stored, indented
 */
public record AuditEntryView(long seq, Instant occurredAt, String actorType, String actorName, String actorId,
		String action, String targetType, String targetId, String outcome, String sourceIp, String correlationId,
		List<Change> changes, List<Value> context, String rawJson) {

	/**
	 * One attribute's change.
	 *
	 * @param attribute its name (null: the event changed one value, named by its target)
	 * @param secret a secret given anew: its values are never recorded
	 */
	public record Change(String attribute, String before, String after, boolean secret) {
	}

	/** A detail that is not a change. */
	public record Value(String name, String value) {
	}

	/** Who did it, for people: the actor's name, or their kind when they have none. */
	public String who() {
		return actorName != null && !actorName.isBlank() ? actorName : actorType;
	}

	public boolean succeeded() {
		return "SUCCESS".equals(outcome);
	}

	static AuditEntryView of(AuditRecord event, JsonMapper json) {
		List<Change> changes = new ArrayList<>();
		List<Value> context = new ArrayList<>();
		String raw = event.details();
		JsonNode details;
		try {
			details = json.readTree(event.details() == null ? "{}" : event.details());
			raw = json.writerWithDefaultPrettyPrinter().writeValueAsString(details);
		}
		catch (RuntimeException ex) {
			// stored by PostgreSQL as jsonb, so never expected; shown raw rather than not
			// at
			// all
			details = null;
		}
		if (details != null && details.isObject()) {
			read(details, changes, context);
		}
		return new AuditEntryView(event.chainSeq(), event.occurredAt(), event.actorType(), event.actorName(),
				event.actorId(), event.action(), event.targetType(), event.targetId(), event.outcome(),
				event.sourceIp(), event.correlationId(), List.copyOf(changes), List.copyOf(context), raw);
	}

	private static void read(JsonNode details, List<Change> changes, List<Value> context) {
		if (isDiff(details)) {
			changes.add(new Change(null, text(details.get("before")), text(details.get("after")), false));
			return;
		}
		boolean anyDiff = false;
		for (Map.Entry<String, JsonNode> field : details.properties()) {
			anyDiff |= isDiff(field.getValue());
		}
		for (Map.Entry<String, JsonNode> field : details.properties()) {
			String name = field.getKey();
			JsonNode value = field.getValue();
			if (isDiff(value)) {
				changes.add(new Change(name, text(value.get("before")), text(value.get("after")), false));
			}
			else if (anyDiff && value.isString() && Diff.SECRET_CHANGED.equals(value.asString())) {
				changes.add(new Change(name, null, null, true));
			}
			else if (value.isObject() && !value.isEmpty() && allDiffs(value)) {
				for (Map.Entry<String, JsonNode> attribute : value.properties()) {
					changes.add(new Change(attribute.getKey(), text(attribute.getValue().get("before")),
							text(attribute.getValue().get("after")), false));
				}
			}
			else if (value.isObject() && value.isEmpty()) {
				// an empty set of changes says nothing to people
				continue;
			}
			else {
				String shown = text(value);
				if (shown != null && !shown.isEmpty()) {
					context.add(new Value(name, shown));
				}
			}
		}
	}

	private static boolean allDiffs(JsonNode object) {
		for (Map.Entry<String, JsonNode> field : object.properties()) {
			if (!isDiff(field.getValue())) {
				return false;
			}
		}
		return true;
	}

	/** {@code {"before": …, "after": …}} and nothing else. */
	private static boolean isDiff(JsonNode node) {
		return node != null && node.isObject() && node.size() == 2 && node.has("before") && node.has("after");
	}

	/** A value as people read it: text as is, null as null, anything else as JSON. */
	private static String text(JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		return value.isString() ? value.asString() : value.toString();
	}

}
