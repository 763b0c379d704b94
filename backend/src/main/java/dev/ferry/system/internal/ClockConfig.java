package dev.ferry.system.internal;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfig {

	/** One clock for the whole application, so tests can reason about time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
