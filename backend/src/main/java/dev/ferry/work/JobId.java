package dev.ferry.work;

import java.util.UUID;

/**
 * A job's id as the work module hands it to others (a dead letter to retry): typed, so it
 * cannot be mistaken for a run's or an organisation's. Read from a path with
 * {@link #of(String)}; shown as the UUID.
 */
public record JobId(UUID value) {

	public JobId {
		java.util.Objects.requireNonNull(value, "value");
	}

	/**
	 * As a request path carries it (Spring converts path variables with this).
	 * @throws IllegalArgumentException when it is not a UUID
	 */
	public static JobId of(String text) {
		return new JobId(UUID.fromString(text));
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
