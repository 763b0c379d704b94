package dev.ferry.sandbox.okta.oidc;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
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
 * Authorize requests waiting for the person to sign in. Each shown form carries its own
 * {@code stateToken}; the browser that was shown the form also got a random binding value
 * in a {@code SameSite=Lax} cookie, and a POST must present both. A form posted from
 * another site (no cookie) or replayed in another browser (other cookie) is refused, so
 * the form is CSRF-safe without server sessions. A pending sign-in lives ten minutes.
 */
@Component
class PendingSignIns implements Resettable {

	static final String COOKIE = "okta-signin";

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	PendingSignIns(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Parks the request; the browser binding is reused when the browser already has one.
	 */
	Pending park(AuthorizeRequest request, String existingBinding) {
		Instant now = clock.instant();
		pending.values().removeIf(old -> !now.isBefore(old.expiresAt()));
		String binding = existingBinding != null && existingBinding.length() >= 32 ? existingBinding : token();
		Pending parked = new Pending(token(), binding, request, now.plus(LIFETIME));
		pending.put(parked.stateToken(), parked);
		return parked;
	}

	/**
	 * The pending sign-in for this form token, if it is live and this browser was the one
	 * shown it.
	 */
	Optional<Pending> find(String stateToken, String binding) {
		Pending found = stateToken == null ? null : pending.get(stateToken);
		if (found == null || binding == null || !MessageDigest.isEqual(found.binding().getBytes(StandardCharsets.UTF_8),
				binding.getBytes(StandardCharsets.UTF_8))) {
			return Optional.empty();
		}
		if (!clock.instant().isBefore(found.expiresAt())) {
			pending.remove(stateToken);
			return Optional.empty();
		}
		return Optional.of(found);
	}

	void done(String stateToken) {
		pending.remove(stateToken);
	}

	@Override
	public void resetToSeed() {
		pending.clear();
	}

	private String token() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	record Pending(String stateToken, String binding, AuthorizeRequest request, Instant expiresAt) {
	}

}
