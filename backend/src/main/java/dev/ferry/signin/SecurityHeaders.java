package dev.ferry.signin;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import dev.ferry.system.FerryProperties;

/**
 * The headers on every answer Ferry gives, portal page or machine endpoint alike: a
 * strict content security policy, a same-origin referrer, Spring Security's defaults, and
 * HSTS whenever Ferry's public address is https (docs/security.md).
 */
public final class SecurityHeaders implements Customizer<HeadersConfigurer<HttpSecurity>> {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'self'; "
			+ "object-src 'none'";

	private final FerryProperties properties;

	public SecurityHeaders(FerryProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
			.httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true)
				.maxAgeInSeconds(31_536_000)
				// served over https (public URL): on every answer, also when TLS ended at
				// a
				// proxy that did not say so; over http (the demo) never: browsers ignore
				// it
				// there anyway
				.requestMatcher(request -> properties.publicHttps() || request.isSecure()));
	}

}
