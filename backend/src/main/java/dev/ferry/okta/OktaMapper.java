package dev.ferry.okta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.ferry.connector.Identity;
import dev.ferry.connector.SourceGroup;

/**
 * Okta's User, Group and AppUser JSON (docs/reference/okta.md §4.1) to Ferry's records,
 * and profiles back. No I/O.
 */
final class OktaMapper {

	private OktaMapper() {
	}

	/** A User object (or an AppUser's {@code _embedded.user}) as an {@link Identity}. */
	static Identity identity(JsonNode user, List<String> groups, boolean assigned) {
		JsonNode profile = user.path("profile");
		return new Identity(user.path("id").asString(), profile.path("login").asString(""),
				user.path("status").asString(""), profile(profile), List.copyOf(groups), assigned);
	}

	/**
	 * Every profile attribute with a JSON scalar as its Java value; arrays and objects as
	 * lists and maps.
	 */
	static Map<String, Object> profile(JsonNode profile) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : profile.properties()) {
			values.put(property.getKey(), value(property.getValue()));
		}
		return values;
	}

	static SourceGroup group(JsonNode group) {
		return new SourceGroup(group.path("id").asString(), group.path("profile").path("name").asString(""));
	}

	private static Object value(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isBoolean()) {
			return node.asBoolean();
		}
		if (node.isIntegralNumber()) {
			return node.asLong();
		}
		if (node.isNumber()) {
			return node.asDouble();
		}
		if (node.isArray()) {
			List<Object> items = new java.util.ArrayList<>();
			node.forEach(item -> items.add(value(item)));
			return items;
		}
		if (node.isObject()) {
			return profile(node);
		}
		return node.asString();
	}

}
