package dev.ferry.sandbox.core;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SandboxCoreConfig {

	/**
	 * One clock for tokens, codes, logs and throttles, so tests can reason about time.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
