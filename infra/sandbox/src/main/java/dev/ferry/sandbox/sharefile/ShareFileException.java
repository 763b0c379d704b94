package dev.ferry.sandbox.sharefile;

import org.springframework.http.HttpStatus;

/**
 * A request ShareFile would refuse, carrying what the §5.1 error body needs: the HTTP
 * status, an {@code ExceptionReason} name and the human message.
 */
public class ShareFileException extends RuntimeException {

	private final HttpStatus status;

	private final String reason;

	public ShareFileException(HttpStatus status, String reason, String message) {
		super(message);
		this.status = status;
		this.reason = reason;
	}

	public static ShareFileException notFound() {
		return new ShareFileException(HttpStatus.NOT_FOUND, "NotFound",
				"The item that you requested could not be found in the system.");
	}

	public static ShareFileException badRequest(String message) {
		return new ShareFileException(HttpStatus.BAD_REQUEST, "BadRequest", message);
	}

	public static ShareFileException notAuthorized() {
		return new ShareFileException(HttpStatus.FORBIDDEN, "NotAuthorized",
				"You do not have permission to perform this action.");
	}

	public HttpStatus status() {
		return status;
	}

	public String reason() {
		return reason;
	}

}
