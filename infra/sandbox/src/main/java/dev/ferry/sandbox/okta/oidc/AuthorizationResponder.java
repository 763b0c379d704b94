package dev.ferry.sandbox.okta.oidc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * Sends the outcome of an authorize request to the client: a fresh code (or an error)
 * with the {@code state}, in the query, the fragment, or an auto-submitted form
 * ({@code form_post}).
 */
@Component
class AuthorizationResponder {

	private final AuthorizationCodes codes;

	AuthorizationResponder(AuthorizationCodes codes) {
		this.codes = codes;
	}

	ModelAndView code(AuthorizeRequest request, String userId, Instant authTime) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("code", codes.issue(request, userId, authTime));
		params.put("state", request.state());
		return send(request.redirectUri(), request.responseMode(), params);
	}

	ModelAndView error(String redirectUri, String responseMode, String state, String error, String description) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("error", error);
		params.put("error_description", description);
		params.put("state", state);
		return send(redirectUri, responseMode, params);
	}

	private static ModelAndView send(String redirectUri, String responseMode, Map<String, String> params) {
		if ("form_post".equals(responseMode)) {
			ModelAndView page = new ModelAndView("okta/form-post");
			page.addObject("action", redirectUri);
			Map<String, String> fields = new LinkedHashMap<>(params);
			fields.values().removeIf(value -> value == null);
			page.addObject("fields", fields);
			return page;
		}
		return OAuthResponses.redirect(OAuthResponses.withParams(redirectUri, params, "fragment".equals(responseMode)));
	}

}
