package dev.ferry.provisioning;

import java.util.Objects;
import java.util.UUID;

/**
 * A provisioning run's id as {@link Provisioning} hands it out and takes it back (the
 * pages, the progress poll): typed, so it cannot be mistaken for a job's or an
 * organisation's. Read from a path with {@link #of(String)}; shown as the UUID.
 */
public record RunId(UUID value) {

	public RunId {
		Objects.requireNonNull(value, "value");
	}

	/**
	 * As a request path carries it (Spring converts path variables with this).
	 * @throws IllegalArgumentException when it is not a UUID
	 */
	public static RunId of(String text) {
		return new RunId(UUID.fromString(text));
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
