package dev.ferry.connection;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers {@link ScimTrafficFilter} for the SCIM endpoints only, ahead of Spring
 * Security's filters, so the gate's refusals are noted as well as the answers behind it.
 */
@Configuration(proxyBeanMethods = false)
class ScimTrafficConfig {

	@Bean
	FilterRegistrationBean<ScimTrafficFilter> scimTrafficFilter(ScimTraffic traffic, Clock clock) {
		FilterRegistrationBean<ScimTrafficFilter> registration = new FilterRegistrationBean<>(
				new ScimTrafficFilter(traffic, clock));
		// after RequestOriginFilter (HIGHEST_PRECEDENCE + 10), before Spring Session's
		// (+ 50) and Spring Security's
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		registration.addUrlPatterns("/scim/*");
		return registration;
	}

}
