package dev.ferry.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every PostgreSQL advisory lock Ferry takes, in one place: what each keeps apart, and
 * how its key is made. They exclude across all processes sharing the database, and
 * PostgreSQL releases them when their transaction ends, so a process that dies never
 * leaves one behind.
 *
 * <p>
 * The keys must never change: during a rolling upgrade, old and new processes exclude
 * each other only while they compute the same key. A named lock's key is
 * {@code hashtextextended(prefix || name, seed)}; the seed keeps the spaces apart even
 * when two names are equal. All spaces share PostgreSQL's one range of 64-bit keys.
 */
@Component
public class AdvisoryLocks {

	/** The kinds of lock, each with its fixed key scheme. */
	public enum Space {

		/**
		 * One writer at a time per audit chain ({@code AuditLog}): each event's hash
		 * covers the one before, so two transactions appending at once would read the
		 * same end of the chain and fork it. Name: the tenant id, or {@code none} for
		 * events of no tenant.
		 */
		AUDIT_CHAIN("audit:", 42),

		/**
		 * One writer at a time per person ({@code PlanExecutor}): a hook-triggered sync
		 * and a reconcile never apply operations to the same person at once, in any
		 * process, so nobody gets two ShareFile accounts. Name: {@code tenant:identity}
		 * (the operation's label when it has no identity).
		 */
		PERSON("", 7),

		/**
		 * One deprovisioning decision at a time per tenant ({@code IdentitySyncHandler}):
		 * a sync that would disable or delete counts the recent destructive operations
		 * against the safety threshold and records its own before the next one counts, so
		 * syncs running side by side cannot each pass a check that together they break.
		 * Name: the tenant id. Taken with {@link #callHolding}.
		 */
		DEPROVISIONING_GUARD("deprovisioning-guard:", 11),

		/**
		 * The one scheduler ({@code ProvisioningScheduler}): of the processes with the
		 * scheduler role, only the one holding it polls Okta and starts reconciles in a
		 * tick; the others skip the tick ({@link #tryLock(Space)}) rather than queue
		 * behind it. One lock, no name.
		 */
		SCHEDULER_LEADER(0x5EED_F3E5L),

		/**
		 * The one alert sender ({@code alert.internal.AlertSender}): of the processes
		 * with the scheduler role, only the one holding it derives alerts and delivers
		 * them in a tick, so no message goes out twice. One lock, no name.
		 */
		ALERT_SENDER(0xA1E7_5E4DL);

		private final String prefix;

		private final long seed;

		private final Long fixedKey;

		Space(String prefix, long seed) {
			this.prefix = prefix;
			this.seed = seed;
			this.fixedKey = null;
		}

		Space(long fixedKey) {
			this.prefix = null;
			this.seed = 0;
			this.fixedKey = fixedKey;
		}

		private String keySql() {
			return (fixedKey != null) ? "?" : "hashtextextended(?, " + seed + ")";
		}

		private Object keyArgument(String name) {
			if (fixedKey != null) {
				if (name != null) {
					throw new IllegalArgumentException(this + " is one lock and takes no name");
				}
				return fixedKey;
			}
			if (name == null) {
				throw new IllegalArgumentException(this + " needs a name");
			}
			return prefix + name;
		}

	}

	private final JdbcTemplate jdbc;

	private final DataSource dataSource;

	AdvisoryLocks(JdbcTemplate jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/**
	 * Waits for the lock and holds it until the current transaction ends.
	 * @throws IllegalStateException outside a transaction, where PostgreSQL would release
	 * the lock at once
	 */
	public void lock(Space space, String name) {
		requireTransaction(space);
		jdbc.queryForObject("select pg_advisory_xact_lock(" + space.keySql() + ")", Object.class,
				space.keyArgument(name));
	}

	/**
	 * Takes the lock, for the rest of the current transaction, if nobody holds it.
	 * @return false when another transaction holds it
	 * @throws IllegalStateException outside a transaction
	 */
	public boolean tryLock(Space space, String name) {
		requireTransaction(space);
		return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(" + space.keySql() + ")",
				Boolean.class, space.keyArgument(name)));
	}

	/** {@link #tryLock(Space, String)} of a space that is one lock. */
	public boolean tryLock(Space space) {
		return tryLock(space, null);
	}

	/**
	 * Runs {@code work} holding the lock in a transaction on a connection of its own,
	 * which is rolled back (releasing the lock) when {@code work} ends. For work that
	 * commits transactions of its own which the next holder must see: a lock in the
	 * caller's transaction would be released before or after them, not around them. It
	 * uses a second pooled connection while it runs.
	 */
	public <T> T callHolding(Space space, String name, Supplier<T> work) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection
				.prepareStatement("select pg_advisory_xact_lock(" + space.keySql() + ")")) {
				statement.setObject(1, space.keyArgument(name));
				statement.execute();
			}
			try {
				return work.get();
			}
			finally {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not take the advisory lock " + space + " of " + name, ex);
		}
	}

	private static void requireTransaction(Space space) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException(
					"The advisory lock " + space + " is held until the transaction ends, and there is none");
		}
	}

}
