package dev.ferry.signin;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The absolute session limit: however active a person is, a session ends this long after
 * sign-in and they sign in again (the idle limit is the servlet session timeout,
 * {@code server.servlet.session.timeout}).
 */
class SessionLimits extends OncePerRequestFilter {

	static final String SIGNED_IN_AT = "ferry.signedInAt";

	private final Duration absolute;

	SessionLimits(Duration absolute) {
		this.absolute = absolute;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(SIGNED_IN_AT) instanceof Long signedInAt
				&& System.currentTimeMillis() - signedInAt > absolute.toMillis()) {
			session.invalidate();
			SecurityContextHolder.clearContext();
		}
		chain.doFilter(request, response);
	}

}
