package dev.ferry.auditfeed;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

import dev.ferry.audit.Refusals;
import dev.ferry.signin.SecurityHeaders;
import dev.ferry.system.FerryProperties;

/**
 * The audit API's security, apart from the portal's and ordered before it, like the
 * machine endpoints': every request under {@code /api/audit/} passes {@link ApiGate}.
 * Stateless (a portal session counts for nothing here, and none is made), without CSRF
 * (these callers have no browser session), with the portal's response headers.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

	@Bean
	@Order(3)
	SecurityFilterChain auditApiSecurity(HttpSecurity http, ApiTokens tokens, Refusals refusals, JsonMapper json,
			FerryProperties properties) throws Exception {
		http.securityMatcher("/api/audit/**")
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			// not a bean: a Filter bean would also be registered for every request
			.addFilterBefore(new ApiGate(tokens, refusals, json), AuthorizationFilter.class)
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.csrf(csrf -> csrf.disable())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
			.headers(new SecurityHeaders(properties));
		return http.build();
	}

}
