package dev.ferry.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.system.AdvisoryLocks.Space;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each lock space excludes whoever holds the key Ferry's releases before
 * {@link AdvisoryLocks} computed by hand (so old and new processes still exclude each
 * other during an upgrade), for as long as it promises and no longer.
 */
@FerryIntegrationTest
class AdvisoryLocksIT {

	@Autowired
	AdvisoryLocks locks;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DataSource dataSource;

	static Stream<Arguments> keysOfEarlierReleases() {
		String name = UUID.randomUUID().toString();
		return Stream.of(Arguments.of(Space.AUDIT_CHAIN, name, "hashtextextended('audit:" + name + "', 42)"),
				Arguments.of(Space.PERSON, name + ":someone", "hashtextextended('" + name + ":someone', 7)"), Arguments
					.of(Space.DEPROVISIONING_GUARD, name, "hashtextextended('deprovisioning-guard:" + name + "', 11)"));
	}

	@ParameterizedTest
	@MethodSource("keysOfEarlierReleases")
	void aLockExcludesTheKeyEarlierReleasesUsedUntilItsTransactionEnds(Space space, String name, String oldKey) {
		transactions.executeWithoutResult(status -> {
			locks.lock(space, name);
			assertThat(freeElsewhere(oldKey)).as("held").isFalse();
		});
		assertThat(freeElsewhere(oldKey)).as("released with the transaction").isTrue();
	}

	@Test
	void theSchedulerLeaderIsTheFixedKeyEarlierReleasesUsed() {
		String oldKey = "1592652773"; // 0x5EEDF3E5
		transactions.executeWithoutResult(status -> {
			// this context's own scheduler takes it for a moment every tick; asked again
			// in this thread, so in this transaction
			await().pollInSameThread()
				.atMost(Duration.ofSeconds(10))
				.until(() -> locks.tryLock(Space.SCHEDULER_LEADER));
			assertThat(freeElsewhere(oldKey)).as("held").isFalse();
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> freeElsewhere(oldKey));
	}

	@Test
	void aTryLockHeldElsewhereIsRefusedAtOnce() {
		String name = UUID.randomUUID().toString();
		transactions.executeWithoutResult(status -> locks.callHolding(Space.PERSON, name, () -> {
			assertThat(locks.tryLock(Space.PERSON, name)).isFalse();
			return null;
		}));
		transactions.executeWithoutResult(status -> assertThat(locks.tryLock(Space.PERSON, name)).isTrue());
	}

	@Test
	void outsideATransactionALockWouldEndAtOnceSoItIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> locks.lock(Space.PERSON, "anyone"));
		assertThatIllegalStateException().isThrownBy(() -> locks.tryLock(Space.SCHEDULER_LEADER));
	}

	@Test
	void callHoldingHoldsTheLockOnItsOwnConnectionForExactlyTheWork() {
		String name = UUID.randomUUID().toString();
		String oldKey = "hashtextextended('deprovisioning-guard:" + name + "', 11)";
		String answer = locks.callHolding(Space.DEPROVISIONING_GUARD, name, () -> {
			// no transaction here: the work commits its own, while the lock is held
			assertThat(freeElsewhere(oldKey)).as("held during the work").isFalse();
			return "done";
		});
		assertThat(answer).isEqualTo("done");
		assertThat(freeElsewhere(oldKey)).as("released after the work").isTrue();

		assertThatThrownBy(() -> locks.callHolding(Space.DEPROVISIONING_GUARD, name, () -> {
			throw new IllegalArgumentException("the work failed");
		})).hasMessage("the work failed");
		assertThat(freeElsewhere(oldKey)).as("released after failed work").isTrue();
	}

	@Test
	void aSpaceIsUsedWithOrWithoutANameAsItIsMade() {
		transactions.executeWithoutResult(status -> {
			assertThatThrownBy(() -> locks.lock(Space.AUDIT_CHAIN, null)).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> locks.lock(Space.SCHEDULER_LEADER, "a name"))
				.isInstanceOf(IllegalArgumentException.class);
		});
	}

	/**
	 * Whether another connection could take the key now, as a process of an earlier
	 * release would (it takes and, outside a transaction, at once releases it).
	 */
	private boolean freeElsewhere(String keySql) {
		try (Connection other = dataSource.getConnection();
				Statement statement = other.createStatement();
				ResultSet result = statement.executeQuery("select pg_try_advisory_xact_lock(" + keySql + ")")) {
			result.next();
			return result.getBoolean(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
