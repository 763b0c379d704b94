package dev.ferry.system;

/**
 * What a request names does not exist (in the current organisation): the portal answers
 * 404 with its error page. The message says what was looked for, for logs only.
 */
public class NotFound extends RuntimeException {

	public NotFound(String what) {
		super(what);
	}

}
