package dev.ferry.sandbox.sharefile.api;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code POST} with {@code X-Http-Method-Override: PATCH|DELETE|PUT} is served as that
 * method (§0.2): the Java SDK sends every PATCH, and every DELETE with a body, this way.
 * Runs after the traffic filter, so the request log still shows the POST the client
 * really sent.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class MethodOverrideFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Http-Method-Override";

	private static final Set<String> OVERRIDABLE = Set.of("PATCH", "DELETE", "PUT");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
				|| !path.startsWith("/sharefile/") || !path.contains("/sf/v3/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String method = request.getHeader(HEADER).trim().toUpperCase(Locale.ROOT);
		if (!OVERRIDABLE.contains(method)) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {
			@Override
			public String getMethod() {
				return method;
			}
		}, response);
	}

}
