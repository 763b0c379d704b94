package dev.ferry.work.internal;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;
import dev.ferry.work.FailureAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failure is classified and described, and how long retries wait. */
class FailureTest {

	private static final FailureAdvice NONE = Failure.combined(List.of());

	@Test
	void aConnectorFailureKeepsWhatTheTargetSaid() {
		Failure failure = Failure.of(new ConnectorException(Kind.RETRYABLE, "Too many requests", 429, "x".repeat(5000),
				Duration.ofSeconds(30)), NONE);
		assertThat(failure.kind()).isEqualTo("RETRYABLE");
		assertThat(failure.retryable()).isTrue();
		assertThat(failure.httpStatus()).isEqualTo(429);
		assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
		assertThat(failure.rawResponse()).as("capped at 4 KiB").hasSize(4096);
	}

	@Test
	void theFixComesFromTheFirstAdviceThatKnowsTheFailure() {
		FailureAdvice none = failure -> Optional.empty();
		FailureAdvice connectors = failure -> failure instanceof ConnectorException ex ? Optional.of("Fix " + ex.kind())
				: Optional.empty();
		ConnectorException refused = ConnectorException.of(Kind.LIMIT_REACHED, "no licences");
		assertThat(Failure.of(refused, Failure.combined(List.of(none, connectors))).suggestedFix())
			.isEqualTo("Fix LIMIT_REACHED");
		assertThat(Failure.of(refused, Failure.combined(List.of())).suggestedFix()).as("without advice")
			.isNotBlank()
			.endsWith(".");
	}

	@Test
	void databaseHiccupsAreRetriedButBugsAreNot() {
		assertThat(Failure.of(new CannotAcquireLockException("deadlock"), NONE).retryable()).isTrue();
		// no connection free within the pool's timeout, or the database restarting: the
		// transaction never began (found by the failure drills, issue 14)
		CannotCreateTransactionException noConnection = new CannotCreateTransactionException(
				"Could not open JPA EntityManager for transaction",
				new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
		assertThat(Failure.of(noConnection, NONE).retryable()).isTrue();
		// ... also when it comes from one of a reconcile's appliers, wrapped by its
		// future
		assertThat(Failure.of(new ExecutionException(noConnection), NONE).retryable()).isTrue();
		assertThat(Failure.of(new ExecutionException(new NullPointerException("name")), NONE).retryable())
			.as("a bug, wrapped")
			.isFalse();
		Failure bug = Failure.of(new NullPointerException("name"), NONE);
		assertThat(bug.retryable()).isFalse();
		assertThat(bug.kind()).isEqualTo("UNEXPECTED");
		assertThat(bug.message()).isEqualTo("NullPointerException: name");
		assertThat(Failure.of(ConnectorException.of(Kind.ALREADY_EXISTS, "e-mail in use"), NONE).retryable()).isFalse();
	}

	@Test
	void backoffDoublesWithJitterAndIsCapped() {
		WorkProperties properties = new WorkProperties(4, 10, 8, Duration.ofSeconds(2), Duration.ofMinutes(15),
				Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30),
				Duration.ofDays(7), 2, Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(15));
		JobRunner runner = new JobRunner(null, null, java.util.Map.of(), properties, null, "w", NONE);
		for (int i = 0; i < 50; i++) {
			assertThat(runner.backoff(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
			assertThat(runner.backoff(4)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
			assertThat(runner.backoff(30)).isBetween(Duration.ofMinutes(7).plusSeconds(30), Duration.ofMinutes(15));
			assertThat(runner.backoff(100)).isLessThanOrEqualTo(Duration.ofMinutes(15));
		}
	}

}
