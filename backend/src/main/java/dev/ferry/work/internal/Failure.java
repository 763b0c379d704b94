package dev.ferry.work.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.ferry.connector.ConnectorException;
import dev.ferry.work.FailureAdvice;

/**
 * Why a job failed, in the terms the dead-letter list shows: a {@link ConnectorException}
 * keeps its kind, HTTP status and the target's raw response; anything else is
 * {@code UNEXPECTED}. What a person can do about it comes from {@link FailureAdvice}.
 *
 * @param retryable whether trying again later may help
 * @param retryAfter how long the target asked us to wait, or null
 */
record Failure(String kind, String message, int httpStatus, String rawResponse, boolean retryable, Duration retryAfter,
		String suggestedFix) {

	static final String UNEXPECTED = "UNEXPECTED";

	private static final int MAX_RAW = 4096;

	private static final String SEE_THE_RESPONSE = "The target refused the job (see its response). Fix what it "
			+ "names, then retry.";

	/**
	 * @param advice what people can do about it, from the modules that know the systems
	 * behind the job
	 */
	static Failure of(Throwable error, FailureAdvice advice) {
		if (error instanceof ConnectorException ex) {
			return new Failure(ex.kind().name(), message(ex), ex.status(), truncate(ex.rawResponse()), ex.retryable(),
					ex.retryAfter(), advice.fixFor(ex).orElse(SEE_THE_RESPONSE));
		}
		return new Failure(UNEXPECTED, error.getClass().getSimpleName() + ": " + message(error), 0, null,
				transientInfrastructure(error), null,
				"Ferry met an unexpected error. Retry; if it happens again, contact support with this job's id.");
	}

	/**
	 * A database or Redis hiccup (deadlock, failover, restart, timeout, no connection
	 * free in time) is worth another try; a bug is not. A transaction that could not even
	 * begin is Spring's {@link CannotCreateTransactionException}, not a data access
	 * exception: the failure drills found reconciles dead-lettered at their first attempt
	 * because the connection pool was exhausted for two seconds.
	 */
	private static boolean transientInfrastructure(Throwable error) {
		// a reconcile's appliers run on their own threads: their failure arrives wrapped
		// (ExecutionException), so the whole chain is looked at
		for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
					|| cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof CannotCreateTransactionException || cause instanceof InterruptedException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The worker stopped (crashed, was killed) during every one of the job's attempts.
	 */
	static Failure workerLost(int attempts) {
		return new Failure(UNEXPECTED, "The worker stopped during each of " + attempts + " attempts", 0, null, false,
				null, "This job stops Ferry's worker. Retry once; if it happens again, contact support with its id.");
	}

	/**
	 * All the advice there is, asked in order; the first that knows the failure answers.
	 */
	static FailureAdvice combined(List<FailureAdvice> advice) {
		return failure -> advice.stream().map(one -> one.fixFor(failure)).flatMap(Optional::stream).findFirst();
	}

	private static String message(Throwable error) {
		String message = error.getMessage();
		return message == null ? "(no message)" : message;
	}

	private static String truncate(String raw) {
		return raw == null || raw.length() <= MAX_RAW ? raw : raw.substring(0, MAX_RAW);
	}

}
