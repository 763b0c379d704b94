package dev.ferry.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;

import dev.ferry.system.WebProperties;

/**
 * The operator's endpoints under {@code /actuator}. Anyone may ask whether Ferry is up
 * (health, liveness and readiness answer only UP or DOWN); metrics
 * ({@code /actuator/prometheus}) and health details need the {@code metrics} user with
 * {@code ferry.web.metrics-password} (HTTP Basic, no session). Without a password nobody
 * reads them.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfig {

	static final String METRICS_USER = "metrics";

	@Bean
	@Order(1)
	SecurityFilterChain managementSecurity(HttpSecurity http, WebProperties web) throws Exception {
		http.securityMatcher("/actuator/**")
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
						"/actuator/info")
				.permitAll()
				.anyRequest()
				.hasRole("METRICS"))
			.authenticationProvider(metricsUser(web.metricsPassword()))
			.httpBasic(basic -> basic.realmName("Ferry metrics"))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable());
		return http.build();
	}

	/**
	 * One user, compared in constant time; no user at all when no password is configured.
	 */
	private static AuthenticationProvider metricsUser(String password) {
		byte[] expected = password.getBytes(StandardCharsets.UTF_8);
		return new AuthenticationProvider() {
			@Override
			public Authentication authenticate(Authentication authentication) {
				byte[] given = String.valueOf(authentication.getCredentials()).getBytes(StandardCharsets.UTF_8);
				if (expected.length == 0 || !METRICS_USER.equals(authentication.getName())
						|| !MessageDigest.isEqual(expected, given)) {
					throw new BadCredentialsException("Not the metrics user");
				}
				return UsernamePasswordAuthenticationToken.authenticated(METRICS_USER, null,
						List.of(new SimpleGrantedAuthority("ROLE_METRICS")));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
			}
		};
	}

}
