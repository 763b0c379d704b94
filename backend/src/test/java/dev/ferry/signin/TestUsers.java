package dev.ferry.signin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import dev.ferry.tenant.Membership;

/**
 * Signed-in people for tests that exercise the portal behind sign-in without an Okta round trip. The
 * sign-in itself is proven end to end against the sandbox's Okta elsewhere.
 */
public final class TestUsers {

	private TestUsers() {
	}

	public static FerryUser user(String issuer, String subject, String login, List<Membership> memberships) {
		OidcIdToken token = new OidcIdToken("test-token", Instant.now(), Instant.now().plusSeconds(3600),
				Map.of("iss", issuer, "sub", subject, "preferred_username", login, "name", login));
		DefaultOidcUser okta = new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), token);
		return new FerryUser(okta, memberships.get(0).slug(), memberships);
	}

	public static OAuth2AuthenticationToken authentication(FerryUser user) {
		return new OAuth2AuthenticationToken(user, user.getAuthorities(), user.signedInThrough());
	}

}
