package dev.ferry.provisioning;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.ferry.audit.Refusals;
import dev.ferry.connection.Connections;
import dev.ferry.connection.ScimOAuthClients;
import dev.ferry.connection.ScimTokens;
import dev.ferry.signin.SecurityHeaders;
import dev.ferry.system.FerryProperties;
import dev.ferry.tenant.Tenants;

/**
 * The machine endpoints' security, apart from the portal's and ordered before it: Okta's
 * hooks and Okta's SCIM client present the organisation's hook secret or SCIM token with
 * every request, checked by one gate ({@link MachineGate}). Stateless — no session is
 * read, so a portal session cookie counts for nothing here, and none is made — and
 * without CSRF, which protects browsers' sessions these callers do not have. Answers
 * carry the same headers as the portal's.
 */
@Configuration(proxyBeanMethods = false)
class MachineSecurityConfig {

	@Bean
	@Order(2)
	SecurityFilterChain machineSecurity(HttpSecurity http, Tenants tenants, Connections connections, ScimTokens tokens,
			ScimOAuthClients oauthClients, Refusals refusals, HookDeliveries deliveries,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver answers, FerryProperties properties)
			throws Exception {
		http.securityMatcher("/hooks/**", "/scim/**")
			.authorizeHttpRequests(requests -> requests.requestMatchers(MachineEndpoint.gated())
				.authenticated()
				// a source's check of its hook address: echoing a challenge needs no
				// secret
				.requestMatchers(HttpMethod.GET, "/hooks/*/*")
				.permitAll()
				// nothing else is served here: Spring MVC answers 404 or 405, as it
				// always has (MachineEndpointsIT checks that every handler is gated)
				.anyRequest()
				.permitAll())
			// not a bean: a Filter bean would also be registered for every request
			.addFilterBefore(new MachineGate(tenants, connections, tokens, oauthClients, refusals, deliveries, answers),
					AuthorizationFilter.class)
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.csrf(csrf -> csrf.disable())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
			.headers(new SecurityHeaders(properties));
		return http.build();
	}

}
