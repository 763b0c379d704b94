package dev.ferry.provisioning.internal.engine;

import java.util.UUID;

import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.RunStatus;

/**
 * The run a job is filling, handed to its work by {@link Runs.Tracker#track}: what the
 * work records goes on it, and {@code track} ends it however the work ends. A run started
 * lazily is only written at its first record (a group push records a run only when it did
 * something).
 */
public final class RunScope {

	private final Runs runs;

	private final RunKind kind;

	private final String trigger;

	private final RunStatus status;

	private final String jobKey;

	private final java.time.Instant changedAt;

	private UUID id;

	private int recorded;

	private boolean planned;

	RunScope(Runs runs, RunKind kind, String trigger, RunStatus status, String jobKey, java.time.Instant changedAt,
			UUID id) {
		this.changedAt = changedAt;
		this.runs = runs;
		this.kind = kind;
		this.trigger = trigger;
		this.status = status;
		this.jobKey = jobKey;
		this.id = id;
	}

	/** The run's id, starting it now if it is started lazily. */
	public synchronized UUID id() {
		if (id == null) {
			id = runs.start(kind, trigger, status, jobKey, changedAt);
		}
		return id;
	}

	synchronized boolean started() {
		return id != null;
	}

	synchronized int recorded() {
		return recorded;
	}

	synchronized boolean plannedSet() {
		return planned;
	}

	public void planned(int total, int plannedOperations, int held) {
		runs.planned(id(), total, plannedOperations, held);
		synchronized (this) {
			planned = true;
		}
	}

	public long record(Operation operation, OperationStatus outcome, String error) {
		long recordId = runs.record(id(), operation, outcome, error);
		synchronized (this) {
			recorded++;
		}
		return recordId;
	}

	public void count(int applied, int skipped, int failed) {
		runs.count(id(), applied, skipped, failed);
	}

	/** Moves a run that is under way on (from planning to applying). */
	public void status(RunStatus under) {
		runs.status(id(), under, null);
	}

	/** How a run ends when its work returns normally. */
	public record Ending(RunStatus status, String message) {

		public static Ending done() {
			return new Ending(RunStatus.DONE, null);
		}

		/** Done; stored as INCOMPLETE when an operation failed ({@link Runs#status}). */
		public static Ending done(String message) {
			return new Ending(RunStatus.DONE, message);
		}

		public static Ending held(String message) {
			return new Ending(RunStatus.HELD, message);
		}

		public Ending {
			if (!status.finished()) {
				throw new IllegalArgumentException("A run ends finished, not " + status);
			}
		}

	}

	/** The work a run tracks. Throwing ends the run FAILED. */
	@FunctionalInterface
	public interface Work {

		Ending run(RunScope run) throws Exception;

	}

}
