package dev.ferry.sandbox.sharefile.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.ferry.sandbox.sharefile.ShareFileException;

/**
 * A request body read the way ShareFile's .NET deserializer reads it: property names
 * case-insensitive ({@code "isEmployee"} and {@code "IsEmployee"} alike), strings,
 * numbers and booleans converted where .NET would, anything else a 400. Properties a
 * given endpoint does not use are simply never asked for.
 */
record JsonBody(JsonNode node) {

	static JsonBody object(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw ShareFileException.badRequest("The request body must be a JSON object.");
		}
		return new JsonBody(node);
	}

	Optional<JsonNode> get(String name) {
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			if (property.getKey().equalsIgnoreCase(name) && !property.getValue().isNull()) {
				return Optional.of(property.getValue());
			}
		}
		return Optional.empty();
	}

	Optional<String> text(String name) {
		return get(name).map(value -> {
			if (value.isString()) {
				return value.stringValue();
			}
			if (value.isNumber() || value.isBoolean()) {
				return value.asString();
			}
			throw invalid(name);
		});
	}

	Optional<Boolean> bool(String name) {
		return get(name).map(value -> {
			if (value.isBoolean()) {
				return value.booleanValue();
			}
			if (value.isString()) {
				switch (value.stringValue().toLowerCase(Locale.ROOT)) {
					case "true":
						return true;
					case "false":
						return false;
					default:
						break;
				}
			}
			throw invalid(name);
		});
	}

	Optional<Integer> integer(String name) {
		return get(name).map(value -> {
			if (value.isIntegralNumber() && value.canConvertToInt()) {
				return value.intValue();
			}
			if (value.isString()) {
				try {
					return Integer.parseInt(value.stringValue().trim());
				}
				catch (NumberFormatException ex) {
					throw invalid(name);
				}
			}
			throw invalid(name);
		});
	}

	Optional<JsonBody> nested(String name) {
		return get(name).map(value -> {
			if (!value.isObject()) {
				throw invalid(name);
			}
			return new JsonBody(value);
		});
	}

	/** An array of objects, e.g. group {@code Contacts}. */
	static List<JsonBody> array(JsonNode node, String what) {
		if (node == null || !node.isArray()) {
			throw ShareFileException.badRequest(what + " must be a JSON array.");
		}
		List<JsonBody> items = new ArrayList<>();
		for (JsonNode item : node) {
			items.add(object(item));
		}
		return items;
	}

	private static ShareFileException invalid(String name) {
		return ShareFileException.badRequest("The value of " + name + " is not valid.");
	}

}
