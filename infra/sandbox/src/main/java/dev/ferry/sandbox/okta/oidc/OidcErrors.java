package dev.ferry.sandbox.okta.oidc;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ferry.sandbox.okta.OktaErrors;

/**
 * How the OIDC endpoints answer errors: OAuth's {@code {error, error_description}} (with
 * {@code WWW-Authenticate: Basic} when a client that sent Basic credentials failed), and
 * Okta's E0000007 for an unknown org.
 */
@RestControllerAdvice(basePackageClasses = OidcErrors.class)
class OidcErrors {

	static ResponseEntity<Map<String, String>> response(OidcException ex, HttpServletRequest request) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", ex.error());
		body.put("error_description", ex.description());
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(ex.status()).headers(TokenController.noStore());
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (ex.status() == 401 && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Okta\"");
		}
		return builder.body(body);
	}

	@ExceptionHandler(OidcException.class)
	ResponseEntity<Map<String, String>> oauthError(OidcException ex, HttpServletRequest request) {
		return response(ex, request);
	}

	@ExceptionHandler(OidcOrgs.UnknownOrgException.class)
	ResponseEntity<Map<String, Object>> unknownOrg(OidcOrgs.UnknownOrgException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(OktaErrors.notFound("Resource not found"));
	}

}
