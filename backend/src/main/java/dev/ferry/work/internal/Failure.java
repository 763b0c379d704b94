package dev.ferry.work.internal;

import java.time.Duration;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

import dev.ferry.connector.ConnectorException;

/**
 * Why a job failed, in the terms the dead-letter list shows: a {@link ConnectorException}
 * keeps its kind, HTTP status and the target's raw response; anything else is
 * {@code UNEXPECTED}.
 *
 * @param retryable whether trying again later may help
 * @param retryAfter how long the target asked us to wait, or null
 */
record Failure(String kind, String message, int httpStatus, String rawResponse, boolean retryable, Duration retryAfter,
		String suggestedFix) {

	static final String UNEXPECTED = "UNEXPECTED";

	private static final int MAX_RAW = 4096;

	static Failure of(Throwable error) {
		if (error instanceof ConnectorException ex) {
			return new Failure(ex.kind().name(), message(ex), ex.status(), truncate(ex.rawResponse()), ex.retryable(),
					ex.retryAfter(), fixFor(ex.kind()));
		}
		// a database or Redis hiccup (deadlock, failover, timeout) is worth another try;
		// a bug is not
		boolean transientInfrastructure = error instanceof TransientDataAccessException
				|| error instanceof RecoverableDataAccessException
				|| error instanceof DataAccessResourceFailureException || error instanceof QueryTimeoutException
				|| error instanceof InterruptedException;
		return new Failure(UNEXPECTED, error.getClass().getSimpleName() + ": " + message(error), 0, null,
				transientInfrastructure, null,
				"Ferry met an unexpected error. Retry; if it happens again, contact support with this job's id.");
	}

	/**
	 * The worker stopped (crashed, was killed) during every one of the job's attempts.
	 */
	static Failure workerLost(int attempts) {
		return new Failure(UNEXPECTED, "The worker stopped during each of " + attempts + " attempts", 0, null, false,
				null, "This job stops Ferry's worker. Retry once; if it happens again, contact support with its id.");
	}

	static String fixFor(ConnectorException.Kind kind) {
		return switch (kind) {
			case INVALID_CREDENTIAL ->
				"Test the connection in Connections and enter working credentials, " + "then retry.";
			case PERMISSION_DENIED -> "Give the account Ferry connects with the rights it needs (ShareFile: "
					+ "manage users; Okta: read users and groups), then retry.";
			case CONNECTION_FAILED -> "Check that the target is reachable: its address in Connections, your "
					+ "network and its status page. Then retry.";
			case RETRYABLE -> "The target stayed busy or failing for every attempt. Retry later; if it persists, "
					+ "check its status page.";
			case UNKNOWN_ID ->
				"The object no longer exists at the target. Run a reconcile so Ferry re-links it, " + "then retry.";
			case ALREADY_EXISTS ->
				"An account with this e-mail already exists in ShareFile. Link or remove it " + "there, then retry.";
			case INVALID_REQUEST -> "The target refused the data (see its response). Check this person's "
					+ "attributes and the mapping, then retry.";
			case LIMIT_REACHED ->
				"Buy more ShareFile licences or free some (remove or downgrade unused " + "accounts), then retry.";
		};
	}

	private static String message(Throwable error) {
		String message = error.getMessage();
		return message == null ? "(no message)" : message;
	}

	private static String truncate(String raw) {
		return raw == null || raw.length() <= MAX_RAW ? raw : raw.substring(0, MAX_RAW);
	}

}
