package dev.ferry.sandbox.okta;

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

/**
 * Access tokens for the management API, issued by the org's token endpoint to service
 * apps (client_credentials) and accepted by {@code /api/v1} as
 * {@code Authorization: Bearer}. They live one hour, as Okta's do, and are opaque here
 * (clients must not look inside Okta's org-AS tokens).
 */
@Component
public class OktaAccessTokens {

	public static final Duration LIFETIME = Duration.ofHours(1);

	private final Map<String, Grant> tokens = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	public OktaAccessTokens(Clock clock) {
		this.clock = clock;
	}

	public Grant issue(String org, String clientId, Set<String> scopes) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String token = "eyJsandbox." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Grant grant = new Grant(token, org, clientId, Set.copyOf(scopes), clock.instant().plus(LIFETIME));
		tokens.put(token, grant);
		return grant;
	}

	/**
	 * The grant behind a token, if it exists, belongs to this org and has not expired.
	 */
	public Optional<Grant> find(String org, String token) {
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

	public void clear() {
		tokens.clear();
	}

	public record Grant(String token, String org, String clientId, Set<String> scopes, Instant expiresAt) {

		public boolean allows(String scope) {
			return scopes.contains(scope);
		}

	}

}
