package dev.ferry.sandbox.okta.oidc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ferry.sandbox.core.Resettable;

/**
 * Authorization codes: valid {@value #LIFETIME_SECONDS} s and single-use, as Okta's
 * (docs/reference/okta.md §2.2). A redeemed code is remembered for a while so that a
 * replay can be told apart from a made-up code and the tokens issued for it revoked (RFC
 * 6749 §4.1.2).
 */
@Component
class AuthorizationCodes implements Resettable {

	static final long LIFETIME_SECONDS = 300;

	private static final Duration REMEMBER_USED = Duration.ofMinutes(30);

	private final Map<String, Code> live = new ConcurrentHashMap<>();

	private final Map<String, Code> used = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	AuthorizationCodes(Clock clock) {
		this.clock = clock;
	}

	String issue(AuthorizeRequest request, String userId, Instant authTime) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = clock.instant();
		live.put(value, new Code(value, request, userId, authTime, now.plusSeconds(LIFETIME_SECONDS)));
		return value;
	}

	/**
	 * Takes the code out of circulation and returns it. {@link Redemption#replayed()} is
	 * true when the code had already been redeemed; {@link Redemption#expired()} when its
	 * 300 s have passed.
	 */
	Optional<Redemption> redeem(String value) {
		if (value == null) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		used.values().removeIf(code -> now.isAfter(code.expiresAt().plus(REMEMBER_USED)));
		Code code = live.remove(value);
		if (code != null) {
			used.put(value, code);
			return Optional.of(new Redemption(code, false, !now.isBefore(code.expiresAt())));
		}
		Code replayed = used.get(value);
		return replayed == null ? Optional.empty() : Optional.of(new Redemption(replayed, true, false));
	}

	@Override
	public void resetToSeed() {
		live.clear();
		used.clear();
	}

	record Code(String value, AuthorizeRequest request, String userId, Instant authTime, Instant expiresAt) {
	}

	record Redemption(Code code, boolean replayed, boolean expired) {
	}

}
