package dev.ferry.provisioning;

import java.time.Instant;
import java.util.UUID;

/** One run as the portal lists it, with its counts and progress. */
public record RunSummary(UUID id, String kind, String trigger, String status, int total, int planned, int applied,
		int skipped, int failed, int held, String message, Instant startedAt, Instant finishedAt) {

	/** 0..100: how far applying has come. */
	public int percent() {
		int done = applied + skipped + failed;
		int of = Math.max(planned - held, 0);
		return of == 0 ? (finished() && !"FAILED".equals(status) ? 100 : 0) : Math.min(100, done * 100 / of);
	}

	public boolean finished() {
		return "DONE".equals(status) || "INCOMPLETE".equals(status) || "FAILED".equals(status) || "HELD".equals(status);
	}

	/** The badge colour: done, needs a look (held, or done with failures), failed, or still going. */
	public String badge() {
		return switch (status) {
			case "DONE" -> "badge-ok";
			case "FAILED" -> "badge-bad";
			case "HELD", "INCOMPLETE" -> "badge-warn";
			default -> "badge-off";
		};
	}

}
