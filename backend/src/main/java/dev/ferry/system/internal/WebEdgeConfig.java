package dev.ferry.system.internal;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.ferry.system.FerryProperties;
import dev.ferry.system.IpBlocks;
import dev.ferry.system.WebProperties;

/**
 * Registers {@link RequestOriginFilter} ahead of sessions and security, so both see the
 * real client and Ferry's public address.
 */
@Configuration(proxyBeanMethods = false)
class WebEdgeConfig {

	@Bean
	FilterRegistrationBean<RequestOriginFilter> requestOriginFilter(WebProperties web, FerryProperties ferry) {
		FilterRegistrationBean<RequestOriginFilter> registration = new FilterRegistrationBean<>(
				new RequestOriginFilter(IpBlocks.of(web.trustedProxies()), ferry.publicUrl()));
		// before Spring Session's filter (HIGHEST_PRECEDENCE + 50) and Spring Security's
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.addUrlPatterns("/*");
		return registration;
	}

}
