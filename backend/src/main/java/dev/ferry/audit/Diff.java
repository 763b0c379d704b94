package dev.ferry.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one place that writes a change into an audit event's details, in the shape the
 * audit page and exports show: one value as {@code {"before": …, "after": …}}, several
 * attributes as {@code {name: {"before": …, "after": …}}} for those that changed. Values
 * are kept as text (null stays null), so what is stored does not depend on the type a
 * module happens to hold them in.
 */
public final class Diff {

	/** What a secret that was given is recorded as: never its value. */
	public static final String SECRET_CHANGED = "changed";

	private Diff() {
	}

	/** {@code {"before": …, "after": …}} of one value, whether or not it changed. */
	public static Map<String, Object> value(Object before, Object after) {
		Map<String, Object> diff = new LinkedHashMap<>();
		diff.put("before", text(before));
		diff.put("after", text(after));
		return diff;
	}

	/**
	 * {@code {name: {"before": …, "after": …}}} for every attribute of either side whose
	 * value differs (as text), in the order of {@code after} then {@code before}.
	 */
	public static Map<String, Object> attributes(Map<String, ?> before, Map<String, ?> after) {
		return attributes(before, after, Set.of());
	}

	/**
	 * As {@link #attributes(Map, Map)}, plus {@code {secret: "changed"}} for each secret
	 * given anew (a secret's value never reaches the audit log).
	 */
	public static Map<String, Object> attributes(Map<String, ?> before, Map<String, ?> after,
			Set<String> secretsGiven) {
		Map<String, Object> changes = new LinkedHashMap<>();
		after.forEach((name, value) -> put(changes, name, before.get(name), value));
		before.forEach((name, value) -> {
			if (!after.containsKey(name)) {
				put(changes, name, value, null);
			}
		});
		secretsGiven.forEach(secret -> changes.put(secret, SECRET_CHANGED));
		return changes;
	}

	private static void put(Map<String, Object> changes, String name, Object before, Object after) {
		String was = text(before);
		String is = text(after);
		if (!Objects.equals(was, is)) {
			changes.put(name, value(was, is));
		}
	}

	private static String text(Object value) {
		return value == null ? null : value.toString();
	}

}
