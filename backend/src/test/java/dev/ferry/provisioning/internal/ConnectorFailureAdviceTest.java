package dev.ferry.provisioning.internal;

import org.junit.jupiter.api.Test;

import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/** Every connector failure of a provisioning job says what to do about it. */
class ConnectorFailureAdviceTest {

	private final ConnectorFailureAdvice advice = new ConnectorFailureAdvice();

	@Test
	void everyConnectorKindHasASuggestedFix() {
		for (Kind kind : Kind.values()) {
			assertThat(advice.fixFor(ConnectorException.of(kind, "x"))).as(kind.name())
				.hasValueSatisfying(fix -> assertThat(fix).isNotBlank().endsWith("."));
		}
		assertThat(ConnectorFailureAdvice.fixFor(Kind.INVALID_CREDENTIAL))
			.startsWith("Test the connection in Connections");
		assertThat(ConnectorFailureAdvice.fixFor(Kind.LIMIT_REACHED)).startsWith("Buy more licences in the target");
	}

	@Test
	void otherFailuresAreLeftToTheWorkModule() {
		assertThat(advice.fixFor(new NullPointerException())).isEmpty();
	}

}
