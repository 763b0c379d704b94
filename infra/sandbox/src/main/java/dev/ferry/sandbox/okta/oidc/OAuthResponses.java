package dev.ferry.sandbox.okta.oidc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/** Small helpers for answers that go back to a client's redirect URI. */
final class OAuthResponses {

	private OAuthResponses() {
	}

	/**
	 * The redirect URI with the parameters added in the query ({@code query} mode) or the
	 * fragment ({@code fragment} mode), each value form-encoded so that any {@code state}
	 * survives intact.
	 */
	static String withParams(String redirectUri, Map<String, String> params, boolean fragment) {
		StringBuilder url = new StringBuilder(redirectUri);
		char separator = fragment ? '#' : redirectUri.contains("?") ? '&' : '?';
		for (Map.Entry<String, String> param : params.entrySet()) {
			if (param.getValue() == null) {
				continue;
			}
			url.append(separator)
				.append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
			separator = '&';
		}
		return url.toString();
	}

	/**
	 * A plain 302 to exactly this URL: no template expansion, no model attributes
	 * appended.
	 */
	static ModelAndView redirect(String url) {
		RedirectView view = new RedirectView(url);
		view.setExpandUriTemplateVariables(false);
		view.setExposeModelAttributes(false);
		view.setPropagateQueryParams(false);
		view.setStatusCode(HttpStatus.FOUND);
		return new ModelAndView(view);
	}

	/**
	 * The single value of a parameter; a parameter given twice is an invalid request (RFC
	 * 6749 §3.1).
	 */
	static String single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw OidcException.invalidRequest("The '" + name + "' parameter was specified more than once.");
		}
		return values[0].isEmpty() ? null : values[0];
	}

}
