package dev.ferry.sandbox.sharefile;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Access tokens (8 hours, as real responses show), refresh tokens (rotated on every use,
 * no expiry) and authorization codes (single use, 5 minutes) of every account. Tokens are
 * opaque and shaped like ShareFile's ({@code …$$…}).
 */
@Component
public class ShareFileTokens {

	public static final Duration ACCESS_LIFETIME = Duration.ofHours(8);

	public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

	private final Map<String, Session> access = new ConcurrentHashMap<>();

	private final Map<String, Grant> refresh = new ConcurrentHashMap<>();

	private final Map<String, Code> codes = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	public ShareFileTokens(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Issues an access token and a refresh token for a user signed in through a client.
	 */
	public Issued issue(String subdomain, String userId, String clientId) {
		Instant expires = clock.instant().plus(ACCESS_LIFETIME);
		String accessToken = token();
		String refreshToken = token();
		access.put(accessToken, new Session(subdomain, userId, clientId, expires));
		refresh.put(refreshToken, new Grant(subdomain, userId, clientId));
		return new Issued(accessToken, refreshToken, ACCESS_LIFETIME.toSeconds());
	}

	/**
	 * The session behind a bearer token if it exists, belongs to this account and has not
	 * expired.
	 */
	public Optional<Session> session(String subdomain, String accessToken) {
		Session session = accessToken == null ? null : access.get(accessToken);
		if (session == null || !session.subdomain().equals(subdomain)) {
			return Optional.empty();
		}
		if (!clock.instant().isBefore(session.expiresAt())) {
			access.remove(accessToken);
			return Optional.empty();
		}
		return Optional.of(session);
	}

	/**
	 * Uses up a refresh token (rotation): the grant it stood for, if valid for this
	 * account and client.
	 */
	public Optional<Grant> redeemRefresh(String subdomain, String refreshToken, String clientId) {
		Grant grant = refreshToken == null ? null : refresh.get(refreshToken);
		if (grant == null || !grant.subdomain().equals(subdomain) || !grant.clientId().equals(clientId)) {
			return Optional.empty();
		}
		return refresh.remove(refreshToken) == null ? Optional.empty() : Optional.of(grant);
	}

	public String issueCode(String subdomain, String userId, String clientId, String redirectUri) {
		String code = token();
		codes.put(code,
				new Code(new Grant(subdomain, userId, clientId), redirectUri, clock.instant().plus(CODE_LIFETIME)));
		return code;
	}

	/**
	 * Uses up an authorization code; a redirect_uri, when sent, must match the one the
	 * code was issued for.
	 */
	public Optional<Grant> redeemCode(String subdomain, String code, String clientId, String redirectUri) {
		Code issued = code == null ? null : codes.remove(code);
		if (issued == null || !clock.instant().isBefore(issued.expiresAt())) {
			return Optional.empty();
		}
		Grant grant = issued.grant();
		if (!grant.subdomain().equals(subdomain) || !grant.clientId().equals(clientId)
				|| (redirectUri != null && issued.redirectUri() != null && !redirectUri.equals(issued.redirectUri()))) {
			return Optional.empty();
		}
		return Optional.of(grant);
	}

	/**
	 * Makes one access token (or, with null, all of an account's) expire now. Returns how
	 * many.
	 */
	public int expire(String subdomain, String accessToken) {
		int[] count = { 0 };
		Instant now = clock.instant().minusMillis(1);
		access.replaceAll((token, session) -> {
			if (session.subdomain().equals(subdomain) && (accessToken == null || accessToken.equals(token))) {
				count[0]++;
				return new Session(session.subdomain(), session.userId(), session.clientId(), now);
			}
			return session;
		});
		return count[0];
	}

	/**
	 * Forgets every token of a user (deleted) or, with a null user, of a whole account.
	 */
	public void revoke(String subdomain, String userId) {
		access.values().removeIf(s -> s.subdomain().equals(subdomain) && (userId == null || s.userId().equals(userId)));
		refresh.values()
			.removeIf(g -> g.subdomain().equals(subdomain) && (userId == null || g.userId().equals(userId)));
	}

	public void revokeAccount(String subdomain) {
		revoke(subdomain, null);
		codes.values().removeIf(code -> code.grant().subdomain().equals(subdomain));
	}

	public void clear() {
		access.clear();
		refresh.clear();
		codes.clear();
	}

	private String token() {
		byte[] left = new byte[24];
		byte[] right = new byte[18];
		random.nextBytes(left);
		random.nextBytes(right);
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString(left) + "$$" + encoder.encodeToString(right);
	}

	public record Session(String subdomain, String userId, String clientId, Instant expiresAt) {
	}

	public record Grant(String subdomain, String userId, String clientId) {
	}

	public record Issued(String accessToken, String refreshToken, long expiresIn) {
	}

	private record Code(Grant grant, String redirectUri, Instant expiresAt) {
	}

}
