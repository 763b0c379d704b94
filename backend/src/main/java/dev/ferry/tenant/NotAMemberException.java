package dev.ferry.tenant;

/**
 * The person signed in with Okta but holds no seat in any organisation reachable through
 * it.
 */
public class NotAMemberException extends RuntimeException {

	public NotAMemberException(String organisation, String login) {
		super(login + " is not a member of " + organisation + ". Ask an owner of " + organisation
				+ " to invite you to Ferry.");
	}

}
