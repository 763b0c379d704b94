package dev.ferry.connector;

/** An identity source connector module's one registration. */
public interface SourceConnectorFactory extends ConnectorFactory {

	/**
	 * The source as the engine's {@link IdentitySource}. Cheap to call per job: a factory
	 * shares clients between calls with equal settings.
	 */
	IdentitySource open(ConnectorSettings settings, ThrottleSource throttles);

	/** "Test": an unthrottled connector's {@link TestOp}. */
	default TestOutcome test(ConnectorSettings settings) {
		return open(settings, ThrottleSource.NONE).capability(TestOp.class)
			.map(TestOp::test)
			.orElse(TestOutcome.passed("", java.util.List.of()));
	}

}
