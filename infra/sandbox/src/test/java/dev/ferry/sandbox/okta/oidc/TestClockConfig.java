package dev.ferry.sandbox.okta.oidc;

import java.time.Clock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the sandbox's clock with one the tests can move. */
@TestConfiguration(proxyBeanMethods = false)
class TestClockConfig {

	@Bean
	@Primary
	MutableClock testClock() {
		return new MutableClock();
	}

}
