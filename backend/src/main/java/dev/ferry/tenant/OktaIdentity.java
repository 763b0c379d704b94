package dev.ferry.tenant;

import java.util.List;

/**
 * Who signed in, as the organisation's identity provider said in the ID token.
 *
 * @param issuer the ID token's {@code iss}
 * @param subject the provider's id for the person ({@code sub})
 * @param login {@code preferred_username}, else the e-mail, lower-cased
 * @param groups the organisation's groups claim, empty when the provider sends none
 * @param groupsSent whether the ID token carried the groups claim at all
 * @param verifiedEmail the e-mail when the provider marks it verified
 * ({@code email_verified}), else null
 */
public record OktaIdentity(String issuer, String subject, String login, String name, List<String> groups,
		boolean groupsSent, String verifiedEmail) {

	/** A person whose provider sends groups (empty or not) and no verified e-mail. */
	public OktaIdentity(String issuer, String subject, String login, String name, List<String> groups) {
		this(issuer, subject, login, name, groups, true, null);
	}

}
