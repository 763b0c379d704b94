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
 * here (Okta says clients must not look inside org-AS access tokens), live one hour, are
 * accepted by {@code /oauth2/v1/userinfo} only, and are revoked when the code they came
 * from is replayed.
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

	Grant issue(String org, String clientId, String userId, Set<String> scopes, String code) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String token = "eyJ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Grant grant = new Grant(token, org, clientId, userId, Set.copyOf(scopes), code, clock.instant().plus(LIFETIME));
		tokens.put(token, grant);
		return grant;
	}

	Optional<Grant> find(String org, String token) {
		Grant grant = token == null ? null : tokens.get(token);
		if (grant == null || !grant.org().equals(org)) {
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

	record Grant(String token, String org, String clientId, String userId, Set<String> scopes, String code,
			Instant expiresAt) {
	}

}
