package dev.ferry.work;

/**
 * Runs jobs of one kind. Called with {@link dev.ferry.system.TenantContext} set to the
 * job's tenant. Returning normally means done (the job is acknowledged after this
 * returns, so write results and audit in a transaction that commits before). Throwing a
 * retryable {@link dev.ferry.connector.ConnectorException} retries later with backoff
 * (honouring its {@code retryAfter}); anything else, or too many attempts, moves the job
 * to the dead-letter list with the error.
 */
public interface JobHandler {

	String kind();

	void handle(Job job) throws Exception;

	/**
	 * Whether a job of this kind may hold its thread for minutes (a full reconcile, an
	 * import): a worker gives such jobs all its threads but one, so a single change
	 * always finds a thread even while every organisation on it loads (docs/work.md).
	 */
	default boolean bulk() {
		return false;
	}

}
