package dev.ferry.connection;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

import dev.ferry.system.SecretBox;

/**
 * A connection form that would replace stored secrets, waiting in the person's session
 * for their confirmation. The session lives in Redis, so every value is sealed with
 * {@link SecretBox} first, as stored secrets are; one form waits at a time, for a few
 * minutes, and is taken out when answered.
 */
@Component
class PendingReplacements {

	private static final String ATTRIBUTE = PendingReplacements.class.getName();

	/** Long enough to read the question, short enough not to keep secrets around. */
	static final Duration WAITS = Duration.ofMinutes(10);

	private final SecretBox box;

	private final Clock clock;

	PendingReplacements(SecretBox box, Clock clock) {
		this.box = box;
		this.clock = clock;
	}

	void hold(HttpSession session, String slug, String side, String kind, Map<String, String> form) {
		LinkedHashMap<String, String> sealed = new LinkedHashMap<>();
		form.forEach((name, value) -> sealed.put(name, value.isEmpty() ? "" : box.encrypt(value)));
		session.setAttribute(ATTRIBUTE, new Sealed(slug, side, kind, sealed, clock.instant()));
	}

	/**
	 * The form waiting for this organisation's connection side, taken out of the session.
	 */
	Optional<Held> take(HttpSession session, String slug, String side) {
		if (!(session.getAttribute(ATTRIBUTE) instanceof Sealed sealed)) {
			return Optional.empty();
		}
		session.removeAttribute(ATTRIBUTE);
		if (!sealed.slug().equals(slug) || !sealed.side().equals(side)
				|| sealed.at().plus(WAITS).isBefore(clock.instant())) {
			return Optional.empty();
		}
		Map<String, String> form = new LinkedHashMap<>();
		sealed.form().forEach((name, value) -> form.put(name, value.isEmpty() ? "" : box.decrypt(value)));
		return Optional.of(new Held(sealed.kind(), form));
	}

	/** A form as the session keeps it: its values sealed. */
	record Sealed(String slug, String side, String kind, LinkedHashMap<String, String> form,
			Instant at) implements Serializable {
	}

	/** The form again, for the connector of this kind. */
	record Held(String kind, Map<String, String> form) {
	}

}
