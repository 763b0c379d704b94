package dev.ferry.okta;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import dev.ferry.connector.SyncOp.Changes;

/**
 * System Log polling (docs/reference/okta.md §6): the first call asks from a minute ago
 * ({@code since}, ascending, no {@code until}), later calls follow the stored
 * {@code next} link, which Okta always sends for a polling request. Only the event types
 * that can change who should have which account are asked for; their {@code User} and
 * {@code UserGroup} targets are the changes. App assignment events count only when they
 * are about this app.
 */
final class OktaChanges {

	/**
	 * How far before "now" a first poll starts, for clock skew and events still being
	 * written.
	 */
	static final Duration MARGIN = Duration.ofMinutes(1);

	static final int LIMIT = 1000;

	/**
	 * At most this many full pages per call; the position then resumes where this call
	 * stopped.
	 */
	static final int MAX_PAGES = 20;

	private final OktaClient client;

	private final String appId;

	OktaChanges(OktaClient client, String appId) {
		this.client = client;
		this.appId = appId;
	}

	/** One request per page of up to {@value #LIMIT} events; usually one. */
	Changes since(String position) {
		OktaClient.Page page = position == null ? client.page(firstPoll()) : client.page(URI.create(position));
		Set<String> people = new LinkedHashSet<>();
		Set<String> groups = new LinkedHashSet<>();
		Map<String, List<String>> events = new HashMap<>();
		for (int pages = 1;; pages++) {
			page.items().forEach(event -> collect(event, people, groups, events));
			if (page.next() == null) {
				// a bounded answer (it should not be): resume from here next time rather
				// than losing events
				return new Changes(List.copyOf(people), List.copyOf(groups), position, events);
			}
			if (page.items().size() < LIMIT || pages == MAX_PAGES) {
				return new Changes(List.copyOf(people), List.copyOf(groups), page.next().toString(), events);
			}
			position = page.next().toString();
			page = client.page(page.next());
		}
	}

	private String firstPoll() {
		Instant since = client.clock().instant().minus(MARGIN).truncatedTo(ChronoUnit.MILLIS);
		return "/api/v1/logs?since=" + since + "&sortOrder=ASCENDING&limit=" + LIMIT + "&filter="
				+ URLEncoder.encode(filter(), StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String filter() {
		return OktaConnector.HOOK_EVENTS.stream()
			.filter(type -> !type.equals("user.import.password"))
			.map(type -> "eventType eq \"" + type + "\"")
			.collect(Collectors.joining(" or "));
	}

	private void collect(JsonNode event, Set<String> people, Set<String> groups, Map<String, List<String>> events) {
		String type = event.path("eventType").asString("");
		if (type.startsWith("application.") && !aboutThisApp(event)) {
			return;
		}
		String uuid = event.path("uuid").asString("");
		for (JsonNode target : event.path("target")) {
			String id = target.path("id").asString("");
			switch (target.path("type").asString("")) {
				case "User" -> {
					people.add(id);
					if (!uuid.isEmpty()) {
						events.computeIfAbsent(id, key -> new ArrayList<>()).add(uuid);
					}
				}
				case "UserGroup" -> groups.add(id);
				default -> {
				}
			}
		}
	}

	private boolean aboutThisApp(JsonNode event) {
		for (JsonNode target : event.path("target")) {
			if ("AppInstance".equals(target.path("type").asString(""))
					&& appId.equals(target.path("id").asString(""))) {
				return true;
			}
		}
		return false;
	}

}
