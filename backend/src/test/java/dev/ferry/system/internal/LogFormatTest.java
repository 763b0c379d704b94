package dev.ferry.system.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code FERRY_LOG_FORMAT} selects Spring Boot's structured console format. */
class LogFormatTest {

	@Test
	void jsonMeansEcsAndPlainOrNothingKeepsReadableLines() {
		assertThat(LogFormat.structuredFormat("json")).isEqualTo("ecs");
		assertThat(LogFormat.structuredFormat(" JSON ")).isEqualTo("ecs");
		assertThat(LogFormat.structuredFormat("logstash")).isEqualTo("logstash");
		assertThat(LogFormat.structuredFormat("gelf")).isEqualTo("gelf");
		assertThat(LogFormat.structuredFormat("")).isNull();
		assertThat(LogFormat.structuredFormat("plain")).isNull();
	}

	@Test
	void anUnknownFormatStopsFerryNamingTheVariable() {
		assertThatThrownBy(() -> LogFormat.structuredFormat("xml")).hasMessageContaining("FERRY_LOG_FORMAT")
			.hasMessageContaining("xml");
	}

	@Test
	void theVariableSetsTheConsoleFormatUnlessItIsSetExplicitly() {
		MockEnvironment environment = new MockEnvironment().withProperty("FERRY_LOG_FORMAT", "json");
		new LogFormat().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");

		MockEnvironment explicit = new MockEnvironment().withProperty("FERRY_LOG_FORMAT", "json");
		explicit.getPropertySources()
			.addFirst(new MapPropertySource("operator", Map.of("logging.structured.format.console", "logstash")));
		new LogFormat().postProcessEnvironment(explicit, new SpringApplication());
		assertThat(explicit.getProperty("logging.structured.format.console")).isEqualTo("logstash");

		MockEnvironment plain = new MockEnvironment();
		new LogFormat().postProcessEnvironment(plain, new SpringApplication());
		assertThat(plain.getProperty("logging.structured.format.console")).isNull();
	}

}
