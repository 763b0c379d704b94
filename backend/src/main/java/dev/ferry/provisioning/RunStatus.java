package dev.ferry.provisioning;

/** Where a run is: planning, applying, or one of the four ways it can end. */
public enum RunStatus {

	PLANNING, APPLYING,

	/** Destructive operations wait for an admin's approval. */
	HELD,

	/** Everything planned went through. */
	DONE,

	/**
	 * Finished, but some operations failed; each failed person is retried as a work item
	 * of its own.
	 */
	INCOMPLETE,

	/** Stopped before finishing (the reason is the run's message). */
	FAILED;

	public boolean finished() {
		return this == HELD || this == DONE || this == INCOMPLETE || this == FAILED;
	}

	/** The badge colour the portal shows it in. */
	public String badge() {
		return switch (this) {
			case DONE -> "badge-ok";
			case FAILED -> "badge-bad";
			case HELD, INCOMPLETE -> "badge-warn";
			case PLANNING, APPLYING -> "badge-off";
		};
	}

}
