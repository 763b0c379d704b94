package dev.ferry.sandbox.okta.oidc;

import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.ferry.sandbox.okta.PasswordImport;

/**
 * Replaces the sandbox's clock with one the tests can move, and stands in for the
 * password import hook (the management API side implements the real one): it verifies
 * {@value #IMPORTED_PASSWORD} and then stores it, as Okta does after a VERIFIED answer.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestClockConfig {

	static final String IMPORTED_PASSWORD = "Imported-from-ShareFile-1";

	@Bean
	@Primary
	MutableClock testClock() {
		return new MutableClock();
	}

	@Bean
	@Primary
	PasswordImport stubPasswordImport() {
		return (org, user, password) -> {
			if (!IMPORTED_PASSWORD.equals(password)) {
				return false;
			}
			user.password(password, Instant.now());
			return true;
		};
	}

}
