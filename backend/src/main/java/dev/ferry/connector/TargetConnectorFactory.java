package dev.ferry.connector;

/** A target connector module's one registration. */
public interface TargetConnectorFactory extends ConnectorFactory {

	/**
	 * What the target lets Ferry write: the same as every opened connector's
	 * {@link SchemaOp#schema()}, known before any connection is made.
	 */
	TargetSchema schema();

	/**
	 * The target as the engine's {@link AccountTarget}. Cheap to call per job: a factory
	 * shares clients (and their tokens) between calls with equal settings.
	 */
	AccountTarget open(ConnectorSettings settings, ThrottleSource throttles);

	/** "Test": an unthrottled connector's {@link TestOp}. */
	default TestOutcome test(ConnectorSettings settings) {
		return open(settings, ThrottleSource.NONE).capability(TestOp.class)
			.map(TestOp::test)
			.orElse(TestOutcome.passed("", java.util.List.of()));
	}

}
