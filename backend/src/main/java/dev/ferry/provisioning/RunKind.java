package dev.ferry.provisioning;

/**
 * What a run is about; stored by name in {@code run.kind}, and each is carried out by one
 * kind of job.
 */
public enum RunKind {

	/** A full reconcile of the organisation. */
	RECONCILE,

	/** A full reconcile that only plans. */
	DRY_RUN,

	/** One person's sync. */
	PERSON,

	/** A group push. */
	GROUPS,

	/** Import New Users. */
	IMPORT

}
