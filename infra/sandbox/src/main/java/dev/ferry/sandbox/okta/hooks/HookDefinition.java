package dev.ferry.sandbox.okta.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.sandbox.okta.OktaApiException;

/**
 * The parts of an event-hook or inline-hook request body the sandbox uses: name, events,
 * and the HTTP channel's uri, custom headers and auth scheme (docs/reference/okta.md
 * §4.4, §5).
 */
record HookDefinition(String name, String description, List<String> eventTypes, String uri,
		List<Map<String, String>> headers, Map<String, String> authScheme) {

	static HookDefinition from(Map<String, Object> body, int maxEventTypes) {
		String name = body.get("name") instanceof String n && !n.isBlank() ? n : null;
		if (name == null) {
			throw OktaApiException.validation("name", "name: The field cannot be left blank");
		}
		List<String> eventTypes = new ArrayList<>();
		if (maxEventTypes > 0) {
			if (!(body.get("events") instanceof Map<?, ?> events) || !(events.get("items") instanceof List<?> items)
					|| items.isEmpty()) {
				throw OktaApiException.validation("events", "events.items: The field cannot be left blank");
			}
			items.forEach(item -> eventTypes.add(String.valueOf(item)));
			if (eventTypes.size() > maxEventTypes) {
				throw OktaApiException.validation("events",
						"events.items: An event hook may subscribe to at most " + maxEventTypes + " event types");
			}
		}
		if (!(body.get("channel") instanceof Map<?, ?> channel) || !(channel.get("config") instanceof Map<?, ?> config)
				|| !(config.get("uri") instanceof String uri) || uri.isBlank()) {
			throw OktaApiException.validation("channel", "channel.config.uri: The field cannot be left blank");
		}
		if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
			throw OktaApiException.validation("channel", "channel.config.uri: Must be an http(s) URL");
		}
		List<Map<String, String>> headers = new ArrayList<>();
		if (config.get("headers") instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof Map<?, ?> header && header.get("key") != null) {
					Map<String, String> entry = new LinkedHashMap<>();
					entry.put("key", String.valueOf(header.get("key")));
					entry.put("value", header.get("value") == null ? "" : String.valueOf(header.get("value")));
					headers.add(entry);
				}
			}
		}
		Map<String, String> authScheme = null;
		if (config.get("authScheme") instanceof Map<?, ?> scheme) {
			authScheme = new LinkedHashMap<>();
			authScheme.put("type", scheme.get("type") == null ? "HEADER" : String.valueOf(scheme.get("type")));
			authScheme.put("key", scheme.get("key") == null ? "Authorization" : String.valueOf(scheme.get("key")));
			authScheme.put("value", scheme.get("value") == null ? null : String.valueOf(scheme.get("value")));
		}
		String description = body.get("description") instanceof String d ? d : null;
		return new HookDefinition(name, description, eventTypes, uri, headers, authScheme);
	}

}
