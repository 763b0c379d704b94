package dev.ferry.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An operation as the portal shows it: its per-attribute before → after read from the
 * stored JSON ({@code {"Attr":{"before":..,"after":..}}}) or from a plan's
 * {@link Operation.Change}s.
 */
record OperationView(String op, String label, String identityId, List<AttributeChange> changes, OperationStatus status,
		String error) {

	/**
	 * Long values (member lists, pasted text) are cut for display; the audit log has them
	 * whole.
	 */
	static final int MAX_VALUE = 300;

	/** One attribute's value before and after, as text; null means "no value". */
	record AttributeChange(String name, String before, String after) {
	}

	static OperationView of(RecordedOperation operation, JsonMapper json) {
		return new OperationView(operation.op(), operation.label(), operation.identityId(),
				changes(operation.changes(), json), operation.status(), operation.error());
	}

	static OperationView of(Operation operation) {
		List<AttributeChange> changes = new ArrayList<>();
		for (Map.Entry<String, Operation.Change> entry : operation.changes().entrySet()) {
			Operation.Change change = entry.getValue();
			changes.add(new AttributeChange(entry.getKey(), text(change == null ? null : change.before()),
					text(change == null ? null : change.after())));
		}
		return new OperationView(operation.kind().name(), operation.label(), operation.identityId(), changes, null,
				null);
	}

	static List<AttributeChange> changes(String changes, JsonMapper json) {
		List<AttributeChange> result = new ArrayList<>();
		if (changes == null || changes.isBlank()) {
			return result;
		}
		JsonNode root;
		try {
			root = json.readTree(changes);
		}
		catch (JacksonException ex) {
			return result;
		}
		if (root == null || !root.isObject()) {
			return result;
		}
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			JsonNode change = entry.getValue();
			result.add(new AttributeChange(entry.getKey(), text(change.get("before")), text(change.get("after"))));
		}
		return result;
	}

	private static String text(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isArray()) {
			List<String> items = new ArrayList<>();
			node.forEach(item -> items.add(item.isString() ? item.asString() : item.toString()));
			return cut(String.join(", ", items));
		}
		return cut(node.isString() ? node.asString() : node.toString());
	}

	static String text(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Iterable<?> items) {
			List<String> texts = new ArrayList<>();
			items.forEach(item -> texts.add(String.valueOf(item)));
			return cut(String.join(", ", texts));
		}
		return cut(String.valueOf(value));
	}

	private static String cut(String value) {
		return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE) + "…";
	}

}
