package dev.ferry.connector;

import java.time.Duration;

/**
 * A failure of an external system, typed so the engine can decide without reading HTTP:
 * retry later, hold and tell the tenant, or give up on this one operation.
 */
public class ConnectorException extends RuntimeException {

	private final Kind kind;

	private final int status;

	private final String rawResponse;

	private final Duration retryAfter;

	public ConnectorException(Kind kind, String message, int status, String rawResponse, Duration retryAfter) {
		super(message);
		this.kind = kind;
		this.status = status;
		this.rawResponse = rawResponse;
		this.retryAfter = retryAfter;
	}

	public static ConnectorException of(Kind kind, String message) {
		return new ConnectorException(kind, message, 0, null, null);
	}

	public Kind kind() {
		return kind;
	}

	/** The HTTP status the target answered, 0 when it did not answer. */
	public int status() {
		return status;
	}

	/** The target's response body (first 4 KiB), for the dead-letter view. */
	public String rawResponse() {
		return rawResponse;
	}

	/** How long the target asked us to wait, when it said. */
	public Duration retryAfter() {
		return retryAfter;
	}

	public boolean retryable() {
		return kind == Kind.RETRYABLE || kind == Kind.CONNECTION_FAILED;
	}

	public enum Kind {

		/** The credentials were refused: nothing will work until someone fixes them. */
		INVALID_CREDENTIAL,

		/** Authenticated, but not allowed to do this. */
		PERMISSION_DENIED,

		/** The target could not be reached (DNS, refused, timeout). Retryable. */
		CONNECTION_FAILED,

		/**
		 * Throttled or a transient server error. Retryable, after {@code retryAfter} when
		 * given.
		 */
		RETRYABLE,

		/** The object does not exist (any more). */
		UNKNOWN_ID,

		/** The object exists already (e.g. an e-mail in use). */
		ALREADY_EXISTS,

		/** The target refused the request as invalid; repeating it will not help. */
		INVALID_REQUEST,

		/** A limit of the target was reached (licences, group size). */
		LIMIT_REACHED

	}

}
