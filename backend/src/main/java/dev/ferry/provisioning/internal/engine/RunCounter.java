package dev.ferry.provisioning.internal.engine;

import java.util.UUID;

/**
 * Adds applied and failed operations to a run's counters. A reconcile's parallel appliers
 * share one that writes at most every {@value #FLUSH_MILLIS} ms, so thousands of
 * operations do not queue up on the run row; progress on the page still moves several
 * times a second.
 */
public final class RunCounter {

	static final long FLUSH_MILLIS = 250;

	private final Runs runs;

	private final UUID run;

	private final boolean batched;

	private int applied;

	private int failed;

	private long lastFlush = System.nanoTime();

	private RunCounter(Runs runs, UUID run, boolean batched) {
		this.runs = runs;
		this.run = run;
		this.batched = batched;
	}

	static RunCounter direct(Runs runs, UUID run) {
		return new RunCounter(runs, run, false);
	}

	static RunCounter batched(Runs runs, UUID run) {
		return new RunCounter(runs, run, true);
	}

	synchronized void add(int appliedNow, int failedNow) {
		applied += appliedNow;
		failed += failedNow;
		if (!batched || System.nanoTime() - lastFlush > FLUSH_MILLIS * 1_000_000) {
			flush();
		}
	}

	synchronized void flush() {
		if (applied > 0 || failed > 0) {
			runs.count(run, applied, 0, failed);
			applied = 0;
			failed = 0;
		}
		lastFlush = System.nanoTime();
	}

}
