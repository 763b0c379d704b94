package dev.ferry.provisioning.internal.scim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every SCIM resource of Ferry's directory shares (RFC 7644, docs/scim.md): reading
 * bodies, the normalisation real clients need in front of the UnboundID SCIM SDK
 * (booleans sent as strings, capitalised op names, path-less values keyed by paths, Entra
 * ID's value-path filters, attribute names in any case), list responses with paging and
 * projection, and answers.
 */
public final class ScimProtocol {

	static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

	static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

	/** The most a page holds (ServiceProviderConfig's {@code filter.maxResults}). */
	static final int MAX_RESULTS = 200;

	static final JsonMapper JSON = JsonUtils.createJsonMapper();

	/** {@code attr[filter].sub op value}, which SCIM's filter grammar does not have. */
	private static final Pattern VALUE_PATH_SUB_ATTRIBUTE = Pattern
		.compile("(\\w+)\\[([^\\]]*)\\]\\.(\\w+)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+", Pattern.CASE_INSENSITIVE);

	private ScimProtocol() {
	}

	/**
	 * {@code GET} of a resource type: the resources the filter matches (all without one),
	 * paged from {@code startIndex} (1-based) by {@code count} (at most
	 * {@value #MAX_RESULTS}), each projected; 200 with a ListResponse even when nothing
	 * matches.
	 */
	static <T> Answer list(List<T> all, Function<T, ObjectNode> representation, String filter, int startIndex,
			int count, String attributes, String excludedAttributes) {
		try {
			Filter parsed = filter == null || filter.isBlank() ? null : parse(filter);
			List<ObjectNode> matching = new java.util.ArrayList<>();
			for (T resource : all) {
				ObjectNode shown = representation.apply(resource);
				if (parsed == null || FilterEvaluator.evaluate(parsed, lowerKeys(shown))) {
					matching.add(shown);
				}
			}
			int start = Math.max(1, startIndex);
			int size = Math.min(Math.max(0, count), MAX_RESULTS);
			List<ObjectNode> page = matching.stream().skip(start - 1L).limit(size).toList();
			ObjectNode list = JSON.createObjectNode();
			list.putArray("schemas").add(LIST);
			list.put("totalResults", matching.size());
			list.put("startIndex", start);
			list.put("itemsPerPage", page.size());
			ArrayNode resources = list.putArray("Resources");
			page.forEach(shown -> resources.add(project(shown, attributes, excludedAttributes)));
			return new Answer(200, list, null);
		}
		catch (ScimException ex) {
			return Answer.error(ex);
		}
	}

	/** Ferry's id of a resource as a path carries it; empty when it cannot be one. */
	static java.util.Optional<java.util.UUID> uuid(String id) {
		try {
			return java.util.Optional.of(java.util.UUID.fromString(id));
		}
		catch (IllegalArgumentException notOurs) {
			return java.util.Optional.empty();
		}
	}

	/**
	 * A body that must be an object, without nulls and without what clients never set.
	 */
	static ObjectNode object(String body, Set<String> readOnly, String what) throws ScimException {
		JsonNode node = read(body);
		if (!(node instanceof ObjectNode object)) {
			throw BadRequestException.invalidSyntax("The body must be a SCIM " + what + " object.");
		}
		object.properties()
			.removeIf(field -> field.getValue().isNull() || readOnly.contains(field.getKey())
					|| "password".equalsIgnoreCase(field.getKey()));
		coerceBooleans(object);
		return object;
	}

	/** A request body as JSON; empty or unreadable is invalidSyntax. */
	static JsonNode read(String body) throws BadRequestException {
		if (body == null || body.isBlank()) {
			throw BadRequestException.invalidSyntax("The body is empty.");
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw BadRequestException.invalidSyntax("The body is not JSON: " + ex.getOriginalMessage());
		}
	}

	/** {@code active} and {@code primary} sent as strings, as some clients do. */
	static void coerceBooleans(ObjectNode user) {
		JsonNode active = user.get("active");
		if (active != null && active.isString()) {
			String text = active.asString().strip();
			if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
				user.put("active", Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
			}
		}
		for (JsonNode email : user.path("emails")) {
			if (email instanceof ObjectNode value && value.path("primary").isString()) {
				value.put("primary", Boolean.parseBoolean(value.path("primary").asString().toLowerCase(Locale.ROOT)));
			}
		}
	}

	/**
	 * A PATCH body as the SDK takes it: op names in lower case, path-less values whose
	 * keys are paths (Entra ID's {@code "name.givenName"}, a URN-qualified attribute)
	 * split into one operation each, and boolean strings read as booleans.
	 */
	static PatchRequest patchRequest(String body, Set<String> readOnly) throws ScimException {
		JsonNode node = read(body);
		JsonNode operations = node.path("Operations");
		if (!operations.isArray()) {
			throw BadRequestException.invalidSyntax("A PatchOp needs an Operations array.");
		}
		ArrayNode normalised = JSON.createArrayNode();
		for (JsonNode operation : operations) {
			if (!(operation instanceof ObjectNode op)) {
				throw BadRequestException.invalidSyntax("Each operation must be an object.");
			}
			String name = op.path("op").asString("").toLowerCase(Locale.ROOT);
			op.put("op", name);
			JsonNode value = op.get("value");
			if (value != null && value.isString() && "active".equalsIgnoreCase(op.path("path").asString(""))) {
				String text = value.asString().strip();
				if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
					op.put("value", Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
				}
			}
			if (!op.hasNonNull("path") && op.get("value") instanceof ObjectNode values) {
				ObjectNode plain = JSON.createObjectNode();
				for (Map.Entry<String, JsonNode> entry : values.properties()) {
					String key = entry.getKey();
					if (key.contains(".") || key.startsWith("urn:")) {
						ObjectNode single = JSON.createObjectNode();
						single.put("op", name);
						single.put("path", key);
						single.set("value", entry.getValue());
						normalised.add(single);
					}
					else {
						plain.set(key, entry.getValue());
					}
				}
				readOnly.forEach(plain::remove);
				coerceBooleans(plain);
				if (plain.isEmpty()) {
					continue;
				}
				op.set("value", plain);
			}
			normalised.add(op);
		}
		ObjectNode request = JSON.createObjectNode();
		request.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
		request.set("Operations", normalised);
		try {
			return JSON.treeToValue(request, PatchRequest.class);
		}
		catch (JacksonException ex) {
			String message = ex.getOriginalMessage();
			throw message != null && message.contains("path") ? BadRequestException.noTarget(message)
					: BadRequestException.invalidSyntax(message);
		}
	}

	/**
	 * A filter as the SDK evaluates it against {@link #lowerKeys}: attribute names are
	 * case-insensitive (RFC 7643 §2.1), the SDK's lookup is not, so everything outside
	 * quoted values is lower-cased (operators and literals ignore case anyway).
	 */
	static Filter parse(String filter) throws BadRequestException {
		String rewritten = rewrite(filter);
		StringBuilder lowered = new StringBuilder(rewritten.length());
		for (int i = 0; i < rewritten.length(); i++) {
			char c = rewritten.charAt(i);
			lowered.append(insideString(rewritten, i) || c == '"' ? c : Character.toLowerCase(c));
		}
		return Filter.fromString(lowered.toString());
	}

	/** A copy with every attribute name lower-cased, for {@link #parse}'s filters. */
	static JsonNode lowerKeys(JsonNode node) {
		if (node instanceof ObjectNode object) {
			ObjectNode lowered = JsonUtils.getJsonNodeFactory().objectNode();
			object.properties()
				.forEach(field -> lowered.set(field.getKey().toLowerCase(Locale.ROOT), lowerKeys(field.getValue())));
			return lowered;
		}
		if (node instanceof ArrayNode array) {
			ArrayNode lowered = JsonUtils.getJsonNodeFactory().arrayNode();
			array.forEach(value -> lowered.add(lowerKeys(value)));
			return lowered;
		}
		return node;
	}

	/**
	 * Rewrites {@code emails[type eq "work"].value eq "x"} (legal as a PATCH path, not as
	 * a filter, yet sent by Entra ID) to {@code emails[type eq "work" and value eq "x"]}.
	 */
	static String rewrite(String filter) {
		Matcher matcher = VALUE_PATH_SUB_ATTRIBUTE.matcher(filter);
		StringBuilder out = new StringBuilder();
		int at = 0;
		int from = 0;
		while (from < filter.length() && matcher.find(from)) {
			if (insideString(filter, matcher.start())) {
				// a value that reads like a path is a value
				from = matcher.start() + 1;
				continue;
			}
			int valueEnd = literalEnd(filter, matcher.end());
			if (valueEnd < 0) {
				return filter;
			}
			out.append(filter, at, matcher.start())
				.append(matcher.group(1))
				.append('[')
				.append(matcher.group(2))
				.append(" and ")
				.append(matcher.group(3))
				.append(' ')
				.append(matcher.group(4))
				.append(' ')
				.append(filter, matcher.end(), valueEnd)
				.append(']');
			at = valueEnd;
			from = valueEnd;
		}
		return out.append(filter.substring(at)).toString();
	}

	/** Whether a position lies inside a quoted string of the filter. */
	private static boolean insideString(String filter, int position) {
		boolean inside = false;
		for (int i = 0; i < position; i++) {
			char c = filter.charAt(i);
			if (inside && c == '\\') {
				i++;
			}
			else if (c == '"') {
				inside = !inside;
			}
		}
		return inside;
	}

	/** Where the JSON literal starting at {@code from} ends; -1 when it does not. */
	private static int literalEnd(String filter, int from) {
		if (from >= filter.length()) {
			return -1;
		}
		if (filter.charAt(from) != '"') {
			int end = from;
			while (end < filter.length() && !Character.isWhitespace(filter.charAt(end)) && filter.charAt(end) != ')') {
				end++;
			}
			return end;
		}
		for (int i = from + 1; i < filter.length(); i++) {
			if (filter.charAt(i) == '\\') {
				i++;
			}
			else if (filter.charAt(i) == '"') {
				return i + 1;
			}
		}
		return -1;
	}

	/**
	 * {@code attributes} keeps only the named top-level attributes (a sub-attribute's
	 * path keeps its parent), {@code excludedAttributes} drops them; {@code id} and
	 * {@code schemas} always stay.
	 */
	static ObjectNode project(ObjectNode user, String attributes, String excludedAttributes) {
		Set<String> keep = names(attributes);
		Set<String> drop = names(excludedAttributes);
		if (keep.isEmpty() && drop.isEmpty()) {
			return user;
		}
		ObjectNode projected = user.deepCopy();
		projected.properties().removeIf(field -> {
			String name = field.getKey().toLowerCase(Locale.ROOT);
			if ("id".equals(name) || "schemas".equals(name)) {
				return false;
			}
			return (!keep.isEmpty() && !keep.contains(name)) || drop.contains(name);
		});
		return projected;
	}

	private static Set<String> names(String list) {
		if (list == null || list.isBlank()) {
			return Set.of();
		}
		return Arrays.stream(list.split(",")).map(String::strip).filter(name -> !name.isEmpty()).map(name -> {
			String withoutUrn = name.startsWith("urn:") ? name : name.split("\\.")[0];
			return withoutUrn.toLowerCase(Locale.ROOT);
		}).collect(Collectors.toSet());
	}

	/**
	 * An answer: its status, its SCIM body (null for none) and, for a create, its
	 * Location.
	 */
	public record Answer(int status, Object body, String location) {

		static Answer notFound(String what, String id) {
			return error(404, null, "No " + what + " " + (id.length() > 64 ? id.substring(0, 64) : id) + ".");
		}

		static Answer error(ScimException ex) {
			return error(ex.getScimError().getStatus(), ex.getScimError().getScimType(), ex.getScimError().getDetail());
		}

		static Answer error(int status, String scimType, String detail) {
			return new Answer(status, ScimUsers.Reply.error(status, scimType, detail).body(), null);
		}

	}

}
