package dev.ferry.connector;

import java.util.Optional;

/**
 * A connector declares what it can do by the operation interfaces it implements, as in
 * ConnId; the engine asks instead of assuming.
 */
public interface Capabilities {

	/** This connector as the given operation interface, if it implements it. */
	default <T> Optional<T> capability(Class<T> operation) {
		return operation.isInstance(this) ? Optional.of(operation.cast(this)) : Optional.empty();
	}

	default boolean can(Class<?> operation) {
		return operation.isInstance(this);
	}

	/**
	 * This connector as the given operation interface.
	 * @throws UnsupportedOperationException when it lacks it: a caller that should have
	 * asked {@link #can} first
	 */
	default <T> T require(Class<T> operation) {
		return capability(operation).orElseThrow(() -> new UnsupportedOperationException(
				getClass().getSimpleName() + " cannot " + operation.getSimpleName()));
	}

}
