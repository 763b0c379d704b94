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
 * Okta sessions: after a person signs in on an org's form, the browser holds the
 * {@code sid} cookie (path {@code /okta/{org}}, so one per org) and a later
 * {@code /authorize} skips the form (SSO) until the session ends: two hours after the
 * last use, at logout, or when the control API signs everyone out.
 */
@Component
class SignInSessions implements Resettable {

	static final String COOKIE = "sid";

	static final Duration IDLE_LIFETIME = Duration.ofHours(2);

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	SignInSessions(Clock clock) {
		this.clock = clock;
	}

	Session start(String org, String userId, Instant authTime) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String id = "102" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Session session = new Session(id, org, userId, authTime);
		session.lastUsed = clock.instant();
		sessions.put(id, session);
		return session;
	}

	/**
	 * The live session behind a cookie value, if it belongs to the org; using it extends
	 * it.
	 */
	Optional<Session> find(String org, String id) {
		Session session = id == null ? null : sessions.get(id);
		if (session == null || !session.org().equals(org)) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		if (!now.isBefore(session.lastUsed.plus(IDLE_LIFETIME))) {
			sessions.remove(id);
			return Optional.empty();
		}
		session.lastUsed = now;
		return Optional.of(session);
	}

	void end(String id) {
		if (id != null) {
			sessions.remove(id);
		}
	}

	/** Ends every session of the org; returns how many there were. */
	int endAll(String org) {
		int before = sessions.size();
		sessions.values().removeIf(session -> session.org().equals(org));
		return before - sessions.size();
	}

	long count(String org) {
		return sessions.values().stream().filter(session -> session.org().equals(org)).count();
	}

	@Override
	public void resetToSeed() {
		sessions.clear();
	}

	static final class Session {

		private final String id;

		private final String org;

		private final String userId;

		private final Instant authTime;

		private volatile Instant lastUsed;

		Session(String id, String org, String userId, Instant authTime) {
			this.id = id;
			this.org = org;
			this.userId = userId;
			this.authTime = authTime;
		}

		String id() {
			return id;
		}

		String org() {
			return org;
		}

		String userId() {
			return userId;
		}

		Instant authTime() {
			return authTime;
		}

	}

}
