package dev.ferry.connector;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An identity source connector module's one registration. */
public interface SourceConnectorFactory extends ConnectorFactory {

	/**
	 * The source as the engine's {@link IdentitySource}. Cheap to call per job: a factory
	 * shares clients between calls with equal settings. With {@link ThrottleSource#NONE}
	 * (setup steps, "Test") nothing is shared.
	 */
	IdentitySource open(ConnectorSettings settings, ThrottleSource throttles);

	/** "Test": an unthrottled connector's {@link TestOp}. */
	default TestOutcome test(ConnectorSettings settings) {
		return open(settings, ThrottleSource.NONE).capability(TestOp.class)
			.map(TestOp::test)
			.orElse(TestOutcome.passed("", List.of()));
	}

	/**
	 * What a {@link SettingField.Type#PICKED} setting may hold, read from the connected
	 * system with the other settings.
	 * @throws ConnectorException when the system cannot be read
	 */
	default List<SettingOption> options(ConnectorSettings settings, String field) {
		throw new IllegalArgumentException(kind() + " has no setting " + field + " to pick");
	}

	/**
	 * The profile attributes import may write in this source (mappings towards the
	 * source); empty when it takes any.
	 */
	default Set<String> writableAttributes() {
		return Set.of();
	}

	/**
	 * How the source's calls to Ferry's hooks read and are answered; empty when it makes
	 * none.
	 */
	default Optional<HookFormat> hookFormat() {
		return Optional.empty();
	}

}
