package dev.ferry.provisioning;

/**
 * What became of one operation of a run; stored by name in {@code run_operation.status}.
 */
public enum OperationStatus {

	/** Planned by a dry run (or waiting to be applied). */
	PLANNED,

	APPLIED,

	/** Not tried, for the reason in its error. */
	SKIPPED,

	FAILED,

	/** Waiting for an admin's approval. */
	HELD,

	/** Held, then rejected by an admin. */
	REJECTED

}
