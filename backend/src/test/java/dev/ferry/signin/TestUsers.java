package dev.ferry.signin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import dev.ferry.tenant.Membership;
import dev.ferry.test.TestServices;

/**
 * Signed-in people for tests that exercise the portal behind sign-in without an Okta
 * round trip. The sign-in itself is proven end to end against the sandbox's Okta
 * elsewhere. Because Ferry decides every request on the seats stored in the database
 * (never on the session), each membership given here is also written as a real member
 * row, with the person's subject, as their first sign-in would leave it.
 */
public final class TestUsers {

	private TestUsers() {
	}

	public static FerryUser user(String issuer, String subject, String login, List<Membership> memberships) {
		seat(issuer, subject, login, memberships);
		OidcIdToken token = new OidcIdToken("test-token", Instant.now(), Instant.now().plusSeconds(3600),
				Map.of("iss", issuer, "sub", subject, "preferred_username", login, "name", login));
		DefaultOidcUser okta = new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), token);
		return new FerryUser(okta, memberships.get(0).slug(), memberships);
	}

	public static OAuth2AuthenticationToken authentication(FerryUser user) {
		return new OAuth2AuthenticationToken(user, user.getAuthorities(), user.signedInThrough());
	}

	/**
	 * As the tables' owner (row-level security does not apply), one member row per
	 * membership.
	 */
	private static void seat(String issuer, String subject, String login, List<Membership> memberships) {
		try (Connection connection = TestServices.get().ownerConnection();
				PreparedStatement upsert = connection.prepareStatement(
						"""
								insert into member (id, tenant_id, issuer, subject, login, display_name, role, invited_at, joined_at)
								values (?, ?, ?, ?, ?, ?, ?, ?, ?)
								on conflict (tenant_id, issuer, login) do update set subject = excluded.subject, role = excluded.role""")) {
			for (Membership membership : memberships) {
				Timestamp now = Timestamp.from(Instant.now());
				upsert.setObject(1, UUID.randomUUID());
				upsert.setObject(2, membership.tenantId());
				upsert.setString(3, issuer);
				upsert.setString(4, subject);
				upsert.setString(5, login.toLowerCase(java.util.Locale.ROOT));
				upsert.setString(6, login);
				upsert.setString(7, membership.role().name());
				upsert.setTimestamp(8, now);
				upsert.setTimestamp(9, now);
				upsert.executeUpdate();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not seat test user " + login, ex);
		}
	}

}
