package dev.ferry.sandbox.okta.oidc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.Resettable;

/**
 * Access tokens issued to a person's browser client by the code flow. They are opaque
 * here (Okta says clients must not look inside org-AS access tokens; a custom server's
 * would be JWTs for the client's own API, which the sandbox does not serve), live one
 * hour, are accepted by the userinfo endpoint of the server that issued them only, and
 * are revoked when the code they came from is replayed.
 */
@Component
class UserAccessTokens implements Resettable {

	static final Duration LIFETIME = Duration.ofHours(1);

	private final Map<String, Grant> tokens = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	UserAccessTokens(Clock clock) {
		this.clock = clock;
	}

	Grant issue(AuthServer server, String clientId, String userId, Set<String> scopes, String code) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String token = "eyJ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Grant grant = new Grant(token, server.org(), server.id(), clientId, userId, Set.copyOf(scopes), code,
				clock.instant().plus(LIFETIME));
		tokens.put(token, grant);
		return grant;
	}

	/** The live grant of a token, if that server issued it. */
	Optional<Grant> find(AuthServer server, String token) {
		Grant grant = token == null ? null : tokens.get(token);
		if (grant == null || !server.sameServer(grant.org(), grant.authServerId())) {
			return Optional.empty();
		}
		if (!clock.instant().isBefore(grant.expiresAt())) {
			tokens.remove(token);
			return Optional.empty();
		}
		return Optional.of(grant);
	}

	void revoke(String token) {
		if (token != null) {
			tokens.remove(token);
		}
	}

	void revokeIssuedFor(String code) {
		tokens.values().removeIf(grant -> code.equals(grant.code()));
	}

	@Override
	public void resetToSeed() {
		tokens.clear();
	}

	/**
	 * @param authServerId the custom server that issued it, or null for the org server
	 */
	record Grant(String token, String org, String authServerId, String clientId, String userId, Set<String> scopes,
			String code, Instant expiresAt) {
	}

}
