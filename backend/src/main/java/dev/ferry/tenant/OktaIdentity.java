package dev.ferry.tenant;

import java.util.List;

/**
 * Who signed in, as the organisation's Okta said in the ID token.
 *
 * @param issuer the ID token's {@code iss}
 * @param subject the Okta user id ({@code sub})
 * @param login {@code preferred_username} (the Okta login), lower-cased
 * @param groups the {@code groups} claim, empty when the app does not send it
 */
public record OktaIdentity(String issuer, String subject, String login, String name, List<String> groups) {

}
