package dev.ferry.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A missing or wrong ferry.* value stops start-up, and what the operator reads names the
 * property, the value and the rule it broke.
 */
@ExtendWith(OutputCaptureExtension.class)
class FerryPropertiesTest {

	private static final String[] VALID = { "--ferry.public-url=http://127.0.0.1:8080", "--ferry.roles=web,worker",
			"--ferry.redis.key-prefix=ferry:", "--ferry.allowed-hosts=127.0.0.1:9000",
			"--ferry.secrets.keys=k1:dGVzdC1rZXktMzItYnl0ZXMtbG9uZy0tLS0tLS0tLS0=", "--ferry.secrets.active-key=k1" };

	@Test
	void bindsAValidConfiguration() {
		try (ConfigurableApplicationContext context = start(VALID)) {
			FerryProperties properties = context.getBean(FerryProperties.class);
			assertThat(properties.runs(FerryProperties.Role.WORKER)).isTrue();
			assertThat(properties.runs(FerryProperties.Role.SCHEDULER)).isFalse();
			assertThat(properties.redis().key("tenant", "acme")).isEqualTo("ferry:tenant:acme");
			assertThat(properties.allowedHosts()).containsExactly("127.0.0.1:9000");
		}
	}

	@Test
	void aMissingPublicUrlNamesTheProperty(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--ferry.roles=web", "--ferry.redis.key-prefix=ferry:",
				"--ferry.allowed-hosts=", "--ferry.secrets.keys=k1:AAAA", "--ferry.secrets.active-key=k1"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: ferry.publicUrl")
			.contains("must be set (FERRY_PUBLIC_URL)");
	}

	@Test
	void missingSecretKeysSayWhichVariableToSet(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(java.util.Arrays.stream(VALID)
			.filter(arg -> !arg.startsWith("--ferry.secrets"))
			.toArray(String[]::new)));
		assertThat(output).contains("FERRY_SECRET_KEYS");
	}

	@Test
	void anUnknownRoleIsRefused(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(with("--ferry.roles=web,cook")));
		assertThat(output).contains("APPLICATION FAILED TO START").contains("ferry.roles").contains("cook");
	}

	@Test
	void aKeyPrefixWithoutTheColonIsRefusedWithTheRule(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(with("--ferry.redis.key-prefix=ferry")));
		assertThat(output).contains("Property: ferry.redis.keyPrefix").contains("ending in ':'");
	}

	@Test
	void anAllowedHostMustBeAHostPattern(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(with("--ferry.allowed-hosts=http://evil/")));
		assertThat(output).contains("Property: ferry.allowedHosts[0]").contains("must be a host name");
	}

	private static String[] with(String override) {
		String name = override.substring(0, override.indexOf('='));
		return java.util.stream.Stream
			.concat(java.util.Arrays.stream(VALID).filter(arg -> !arg.startsWith(name + "=")),
					java.util.stream.Stream.of(override))
			.toArray(String[]::new);
	}

	private static ConfigurableApplicationContext start(String... args) {
		SpringApplication application = new SpringApplication(Config.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// only what the test passes: application.yml's defaults would hide a missing
		// value
		application.setDefaultProperties(java.util.Map.of("spring.config.location", "optional:classpath:/none/"));
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(FerryProperties.class)
	@ImportAutoConfiguration(ValidationAutoConfiguration.class)
	static class Config {

	}

}
