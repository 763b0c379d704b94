package dev.ferry.okta;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.ferry.connector.HookFormat;

/**
 * Okta's calls to Ferry's hooks: the event hook's one-time verification and its
 * deliveries (docs/reference/okta.md §5), and the password import inline hook (§4.4).
 * Only what Ferry reads of each is bound.
 */
class OktaHookFormat implements HookFormat {

	static final String VERIFICATION_CHALLENGE = "x-okta-verification-challenge";

	/**
	 * Events that change a person's profile only, never whether they are assigned to the
	 * app.
	 */
	static final Set<String> PROFILE_ONLY = Set.of("user.account.update_profile");

	private final JsonMapper json;

	OktaHookFormat(JsonMapper json) {
		this.json = json;
	}

	/**
	 * A GET carrying {@code x-okta-verification-challenge}, answered with
	 * {@code {"verification": <the challenge>}}.
	 */
	@Override
	public Optional<Map<String, String>> challengeAnswer(UnaryOperator<String> header) {
		String challenge = header.apply(VERIFICATION_CHALLENGE);
		if (challenge == null || challenge.isBlank() || challenge.length() > 512) {
			return Optional.empty();
		}
		return Optional.of(Map.of("verification", challenge));
	}

	@Override
	public Delivery readChanges(String body) {
		Wire.Delivery delivery = read(body, Wire.Delivery.class);
		if (delivery == null || delivery.data() == null || delivery.data().events() == null) {
			throw new IllegalArgumentException("no data.events array");
		}
		List<Event> events = new ArrayList<>();
		for (Wire.Event event : delivery.data().events()) {
			if (event == null) {
				continue;
			}
			String type = event.eventType() == null ? "event" : event.eventType();
			List<Wire.Target> targets = event.target() == null ? List.of()
					: event.target().stream().filter(Objects::nonNull).toList();
			List<Group> groups = targets.stream()
				.filter(target -> "UserGroup".equals(target.type()))
				.map(target -> new Group(Objects.toString(target.id(), ""), Objects.toString(target.displayName(), "")))
				.toList();
			events.add(new Event(Objects.toString(event.uuid(), ""), type, people(targets), PROFILE_ONLY.contains(type),
					type.startsWith("group."), groups));
		}
		return new Delivery(events);
	}

	/** The Okta user ids an event is about ({@code target[].type == "User"}). */
	static List<String> people(List<Wire.Target> targets) {
		Set<String> ids = new LinkedHashSet<>();
		for (Wire.Target target : targets) {
			String id = Objects.toString(target.id(), "");
			if ("User".equals(target.type()) && id.matches("[A-Za-z0-9]{1,64}")) {
				ids.add(id);
			}
		}
		return List.copyOf(ids);
	}

	/**
	 * The person's credential as typed at sign-in, under {@code data.context.credential}.
	 */
	@Override
	public Credentials readPasswordCheck(String body) {
		Wire.PasswordImport request = read(body, Wire.PasswordImport.class);
		if (request == null || request.data() == null || request.data().context() == null
				|| request.data().context().credential() == null) {
			return new Credentials(null, null);
		}
		return request.data().context().credential();
	}

	/** One command: set the credential VERIFIED (Okta keeps it) or UNVERIFIED. */
	@Override
	public Object passwordAnswer(boolean verified) {
		return Map.of("commands", List.of(Map.of("type", "com.okta.action.update", "value",
				Map.of("credential", verified ? "VERIFIED" : "UNVERIFIED"))));
	}

	private <T> T read(String body, Class<T> type) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			return json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(ex.getOriginalMessage(), ex);
		}
	}

	/** Okta's JSON, only what Ferry reads of it (unknown properties are ignored). */
	static final class Wire {

		private Wire() {
		}

		record Delivery(Data data) {

			record Data(List<Event> events) {
			}

		}

		record Event(String uuid, String eventType, List<Target> target) {
		}

		record Target(String id, String type, String displayName) {
		}

		record PasswordImport(Data data) {

			record Data(Context context) {
			}

			record Context(Credentials credential) {
			}

		}

	}

}
