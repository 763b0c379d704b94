package dev.ferry.sandbox.okta.api;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaErrors;

/**
 * Management-API failures as Okta writes them: the status and the error object
 * (docs/reference/okta.md §1).
 */
@RestControllerAdvice(basePackages = { "dev.ferry.sandbox.okta.api", "dev.ferry.sandbox.okta.hooks" })
class OktaApiErrors {

	@ExceptionHandler(OktaApiException.class)
	ResponseEntity<Map<String, Object>> okta(OktaApiException ex) {
		return ResponseEntity.status(ex.status()).body(ex.body());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		return ResponseEntity.badRequest()
			.body(OktaErrors.body("E0000003", "The request body was not well-formed.", List.of()));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException ex) {
		String cause = ex.getName() + ": invalid value '" + ex.getValue() + "'";
		return ResponseEntity.badRequest().body(OktaErrors.validation(ex.getName(), List.of(cause)));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException ex) {
		return ResponseEntity.status(405)
			.body(OktaErrors.body("E0000022", "The endpoint does not support the provided HTTP method", List.of()));
	}

}
