package dev.ferry.signin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Sends a person whose session has ended to the sign-in page. An htmx request would
 * otherwise swap the sign-in page into a fragment of the current page, so it gets
 * {@code HX-Redirect} instead and htmx reloads the whole window.
 */
class HtmxAwareEntryPoint implements AuthenticationEntryPoint {

	private final String loginPath;

	private final LoginUrlAuthenticationEntryPoint pages;

	HtmxAwareEntryPoint(String loginPath) {
		this.loginPath = loginPath;
		this.pages = new LoginUrlAuthenticationEntryPoint(loginPath);
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException, jakarta.servlet.ServletException {
		if ("true".equals(request.getHeader("HX-Request"))) {
			response.setHeader("HX-Redirect", request.getContextPath() + loginPath);
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		pages.commence(request, response, ex);
	}

}
