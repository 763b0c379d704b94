package dev.ferry.sandbox.sharefile.api;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ferry.sandbox.sharefile.ShareFileErrors;
import dev.ferry.sandbox.sharefile.ShareFileException;

/**
 * Every failure of the v3 API as ShareFile's §5.1 body; a 401 also carries
 * {@code WWW-Authenticate: Bearer}.
 */
@RestControllerAdvice(basePackageClasses = ApiErrorAdvice.class)
class ApiErrorAdvice {

	private static final Logger log = LoggerFactory.getLogger(ApiErrorAdvice.class);

	@ExceptionHandler(ShareFileException.class)
	ResponseEntity<Map<String, Object>> shareFile(ShareFileException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
		if (ex.status() == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		return response.body(ShareFileErrors.body(ex.status(), ex.reason(), ex.getMessage()));
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		return shareFile(ShareFileException.badRequest("The request body is missing or is not valid JSON."));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException ex) {
		return shareFile(new ShareFileException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "BadRequest",
				"Content-Type " + ex.getContentType() + " is not supported; send application/json."));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException ex) {
		return shareFile(new ShareFileException(HttpStatus.METHOD_NOT_ALLOWED, "NotAllowed",
				"The method " + ex.getMethod() + " is not allowed here."));
	}

	@ExceptionHandler(RuntimeException.class)
	ResponseEntity<Map<String, Object>> unexpected(RuntimeException ex) {
		log.error("ShareFile stand-in failed", ex);
		return shareFile(new ShareFileException(HttpStatus.INTERNAL_SERVER_ERROR, "Unspecified",
				"An unexpected error occurred."));
	}

}
