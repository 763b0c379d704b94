package dev.ferry.provisioning.internal.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.Throttled;
import dev.ferry.work.WorkQueue;

/**
 * Keeps every person a run could not bring in step owned by Ferry: each one becomes a
 * sync of their own ({@code identity.sync}, marked as a retry), which reads the person
 * fresh, plans again and applies — with the work queue's backoff, deferred while the
 * target asks to wait, and dead-lettered with its cause when it keeps failing. Nothing
 * waits for the next scheduled reconcile (docs/work.md, "Failures inside a run").
 */
@Component
class FailedOperations {

	private final WorkQueue work;

	private final TransactionTemplate transactions;

	FailedOperations(WorkQueue work, TransactionTemplate transactions) {
		this.work = work;
		this.transactions = transactions;
	}

	/**
	 * Queues one retrying sync per person, in one transaction, in a stable order (two
	 * transactions enqueueing the same jobs in different orders could deadlock).
	 * @param failures why each person's operation failed, by identity id
	 */
	void handOver(UUID run, Map<String, ? extends Throwable> failures) {
		if (failures.isEmpty()) {
			return;
		}
		transactions.executeWithoutResult(status -> new TreeMap<>(failures).forEach((id, cause) -> {
			if (id != null && !"null".equals(id)) {
				work.enqueueAfterFailure(id,
						new IdentitySyncRequest("retry after run", null, true, run, untouched(cause)), cause);
			}
		}));
	}

	/**
	 * Whether the failure means the target did nothing: Ferry's own throttle held the
	 * call back, or the target answered 429 (refused, not done).
	 */
	static boolean untouched(Throwable cause) {
		return cause instanceof Throttled || (cause instanceof ConnectorException ex && ex.status() == 429);
	}

	/** The run's closing message when people were handed over. */
	static String message(int people) {
		return people + (people == 1 ? " person" : " people") + " could not be brought in step in this run; Ferry "
				+ "keeps retrying each on its own (see Problems).";
	}

}
