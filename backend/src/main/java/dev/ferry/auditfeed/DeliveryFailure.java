package dev.ferry.auditfeed;

import java.io.Serializable;
import java.util.List;

import dev.ferry.system.Problem;

/**
 * Why a receiver did not accept a batch, for the destinations page: a key in
 * messages.properties and its arguments (a receiver's or the network's own words are an
 * argument, passed on as they are).
 */
final class DeliveryFailure extends Exception {

	private final Problem problem;

	DeliveryFailure(String key, Object... args) {
		super(key, null, false, false);
		this.problem = Problem.of(key, args);
	}

	Problem problem() {
		return problem;
	}

	/** As stored in {@code audit_stream.last_error}: the key, then each argument. */
	String stored() {
		StringBuilder text = new StringBuilder(problem.code());
		for (Serializable arg : problem.args()) {
			text.append('\u001f').append(String.valueOf(arg).replace('\u001f', ' '));
		}
		return text.length() > 500 ? text.substring(0, 500) : text.toString();
	}

	/** What {@link #stored()} wrote, back as a problem; null for none. */
	static Problem read(String stored) {
		if (stored == null || stored.isEmpty()) {
			return null;
		}
		List<String> parts = List.of(stored.split("\u001f", -1));
		return Problem.of(parts.getFirst(), parts.subList(1, parts.size()).toArray());
	}

}
