package dev.ferry.provisioning;

import java.time.Instant;

/** One run as the portal lists it, with its counts and progress. */
public record RunSummary(RunId id, RunKind kind, String trigger, RunStatus status, int total, int planned, int applied,
		int skipped, int failed, int held, String message, Instant startedAt, Instant finishedAt) {

	/** 0..100: how far applying has come. */
	public int percent() {
		int done = applied + skipped + failed;
		int of = Math.max(planned - held, 0);
		return of == 0 ? (finished() && status != RunStatus.FAILED ? 100 : 0) : Math.min(100, done * 100 / of);
	}

	public boolean finished() {
		return status.finished();
	}

	public String badge() {
		return status.badge();
	}

}
