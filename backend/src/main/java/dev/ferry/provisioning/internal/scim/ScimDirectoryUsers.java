package dev.ferry.provisioning.internal.scim;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.unboundid.scim2.common.GenericScimResource;
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

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connector.HookFormat;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.feed.HookIngest;
import dev.ferry.scim.ScimDirectory;
import dev.ferry.system.TenantContext;

/**
 * The SCIM 2.0 Users endpoint (RFC 7643/7644, docs/scim.md) of an organisation whose
 * identity source is SCIM push: the identity provider creates, reads, lists, filters,
 * replaces, patches and deletes the people of Ferry's SCIM directory, and every write
 * queues that person's sync in the same transaction, so the engine plans and applies it
 * to the target as it does a change from any source. Filters and PATCH are the UnboundID
 * SCIM SDK's, after the normalisation real clients need (booleans sent as strings,
 * capitalised op names, read-only attributes and nulls in bodies, Entra ID's value-path
 * filters). A password is never stored or logged.
 */
@Component
public class ScimDirectoryUsers {

	static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

	/** The most a page holds (ServiceProviderConfig's {@code filter.maxResults}). */
	static final int MAX_RESULTS = 200;

	/**
	 * Attributes a client never sets: Ferry's own, or written through other resources.
	 */
	private static final Set<String> READ_ONLY = Set.of("id", "meta", "groups", "schemas");

	/** {@code attr[filter].sub op value}, which SCIM's filter grammar does not have. */
	private static final Pattern VALUE_PATH_SUB_ATTRIBUTE = Pattern
		.compile("(\\w+)\\[([^\\]]*)\\]\\.(\\w+)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+", Pattern.CASE_INSENSITIVE);

	private static final AuditEntry.Outcome SUCCESS = AuditEntry.Outcome.SUCCESS;

	private final ScimDirectory directory;

	private final HookIngest ingest;

	private final TenantConnectors connectors;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final JsonMapper json = JsonUtils.createJsonMapper();

	ScimDirectoryUsers(ScimDirectory directory, HookIngest ingest, TenantConnectors connectors,
			ApplicationEventPublisher events, TransactionTemplate transactions) {
		this.directory = directory;
		this.ingest = ingest;
		this.connectors = connectors;
		this.events = events;
		this.transactions = transactions;
	}

	/**
	 * {@code GET /Users}: a ListResponse, 200 even when nothing matches, in an order that
	 * does not change between pages.
	 * @param base the organisation's SCIM base URL, for {@code meta.location}
	 */
	public Answer list(String base, String filter, int startIndex, int count, String attributes,
			String excludedAttributes) {
		Filter parsed;
		try {
			parsed = filter == null || filter.isBlank() ? null : parse(filter);
		}
		catch (BadRequestException ex) {
			return Answer.error(ex);
		}
		List<ObjectNode> matching = new ArrayList<>();
		try {
			for (ScimDirectory.Entry entry : directory.all()) {
				ObjectNode user = representation(base, entry);
				if (parsed == null || FilterEvaluator.evaluate(parsed, lowerKeys(user))) {
					matching.add(user);
				}
			}
		}
		catch (ScimException ex) {
			return Answer.error(ex);
		}
		int start = Math.max(1, startIndex);
		int size = Math.min(Math.max(0, count), MAX_RESULTS);
		List<ObjectNode> page = matching.stream().skip(start - 1L).limit(size).toList();
		ObjectNode list = json.createObjectNode();
		list.putArray("schemas").add(LIST);
		list.put("totalResults", matching.size());
		list.put("startIndex", start);
		list.put("itemsPerPage", page.size());
		ArrayNode resources = list.putArray("Resources");
		page.forEach(user -> resources.add(project(user, attributes, excludedAttributes)));
		return new Answer(200, list, null);
	}

	/** {@code GET /Users/{id}}. */
	public Answer get(String base, String id, String attributes, String excludedAttributes) {
		return find(id)
			.map(entry -> new Answer(200, project(representation(base, entry), attributes, excludedAttributes), null))
			.orElseGet(() -> notFound(id));
	}

	/**
	 * {@code POST /Users}: 201 with the user and its Location, or 409 for a taken
	 * userName.
	 */
	public Answer create(String base, String body) {
		ObjectNode user;
		try {
			user = writable(body);
			Written written = written(user, null);
			ScimDirectory.Entry entry = transactions.execute(status -> {
				ScimDirectory.Entry created = directory.create(written.userName(), written.externalId(),
						written.active(), written.resource());
				changed(created, "scim.user.created");
				return created;
			});
			ObjectNode shown = representation(base, entry);
			return new Answer(201, shown, shown.path("meta").path("location").asString());
		}
		catch (ScimException ex) {
			return Answer.error(ex);
		}
		catch (ScimDirectory.UserNameTaken ex) {
			return Answer.error(409, "uniqueness", "userName is already taken in this organisation.");
		}
	}

	/**
	 * {@code PUT /Users/{id}}: the user becomes the body; {@code active} left out keeps
	 * its value (never read as false).
	 */
	public Answer replace(String base, String id, String body) {
		Optional<ScimDirectory.Entry> stored = find(id);
		if (stored.isEmpty()) {
			return notFound(id);
		}
		try {
			Written written = written(writable(body), stored.get().active());
			return save(base, stored.get(), written, "scim.user.replaced");
		}
		catch (ScimException ex) {
			return Answer.error(ex);
		}
	}

	/**
	 * {@code PATCH /Users/{id}}: the operations applied in order to the user as stored,
	 * all or none.
	 */
	public Answer patch(String base, String id, String body) {
		Optional<ScimDirectory.Entry> stored = find(id);
		if (stored.isEmpty()) {
			return notFound(id);
		}
		try {
			PatchRequest request = patchRequest(body);
			ObjectNode user = stored.get().resource().deepCopy();
			user.put("userName", stored.get().userName());
			user.put("active", stored.get().active());
			if (stored.get().externalId() != null) {
				user.put("externalId", stored.get().externalId());
			}
			GenericScimResource patched = request.apply(new GenericScimResource(user));
			ObjectNode result = patched.getObjectNode();
			READ_ONLY.forEach(result::remove);
			// write-only: never stored (setting it in the target is not done yet)
			result.properties().removeIf(field -> "password".equalsIgnoreCase(field.getKey()));
			coerceBooleans(result);
			Written written = written(result, stored.get().active());
			return save(base, stored.get(), written, "scim.user.patched");
		}
		catch (ScimException ex) {
			return Answer.error(ex);
		}
	}

	/** {@code DELETE /Users/{id}}: 204, and 404 from then on. */
	public Answer delete(String id) {
		Optional<ScimDirectory.Entry> stored = find(id);
		if (stored.isEmpty()) {
			return notFound(id);
		}
		transactions.executeWithoutResult(status -> {
			if (directory.delete(stored.get().id())) {
				changed(stored.get(), "scim.user.deleted");
			}
		});
		return new Answer(204, null, null);
	}

	private Answer save(String base, ScimDirectory.Entry stored, Written written, String action) {
		try {
			Optional<ScimDirectory.Entry> saved = transactions.execute(status -> {
				Optional<ScimDirectory.Entry> replaced = directory.replace(stored.id(), written.userName(),
						written.externalId(), written.active(), written.resource());
				replaced.ifPresent(entry -> changed(entry, action));
				return replaced;
			});
			return saved.map(entry -> new Answer(200, representation(base, entry), null))
				.orElseGet(() -> notFound(stored.id().toString()));
		}
		catch (ScimDirectory.UserNameTaken ex) {
			return Answer.error(409, "uniqueness", "userName is already taken in this organisation.");
		}
	}

	/**
	 * Queues the person's sync (the engine reads them fresh from the directory) and
	 * audits the write with the identity provider as actor, in the caller's transaction.
	 */
	private void changed(ScimDirectory.Entry entry, String action) {
		String person = entry.id().toString();
		ingest.accept(new HookFormat.Delivery(List
			.of(new HookFormat.Event(UUID.randomUUID().toString(), action, List.of(person), false, false, List.of()))));
		events.publishEvent(new Happened(TenantContext.require(), connectors.sourceActor(null, "SCIM client"), action,
				"identity", person, SUCCESS, Map.of("userName", entry.userName(), "active", entry.active())));
	}

	private Optional<ScimDirectory.Entry> find(String id) {
		try {
			return directory.find(UUID.fromString(id));
		}
		catch (IllegalArgumentException notOurs) {
			return Optional.empty();
		}
	}

	/**
	 * A request body as an object, cleaned as real clients need: nulls and read-only
	 * attributes dropped, {@code "True"}/{@code "False"} read as booleans, the write-only
	 * password taken out (never stored).
	 */
	private ObjectNode writable(String body) throws ScimException {
		JsonNode node = read(body);
		if (!(node instanceof ObjectNode user)) {
			throw BadRequestException.invalidSyntax("The body must be a SCIM User object.");
		}
		Iterator<Map.Entry<String, JsonNode>> fields = user.properties().iterator();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			if (field.getValue().isNull() || READ_ONLY.contains(field.getKey())
					|| "password".equalsIgnoreCase(field.getKey())) {
				fields.remove();
			}
		}
		coerceBooleans(user);
		return user;
	}

	private JsonNode read(String body) throws BadRequestException {
		if (body == null || body.isBlank()) {
			throw BadRequestException.invalidSyntax("The body is empty.");
		}
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw BadRequestException.invalidSyntax("The body is not JSON: " + ex.getOriginalMessage());
		}
	}

	/** {@code active} and {@code primary} sent as strings, as some clients do. */
	private static void coerceBooleans(ObjectNode user) {
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
	 * What is stored of a user: userName required, externalId as sent, active as sent (or
	 * as before, or true for a new one).
	 */
	private static Written written(ObjectNode user, Boolean activeBefore) throws BadRequestException {
		JsonNode userName = user.remove("userName");
		if (userName == null || !userName.isString() || userName.asString().isBlank()) {
			throw BadRequestException.invalidValue("userName is required.");
		}
		if (userName.asString().length() > 255) {
			throw BadRequestException.invalidValue("userName is longer than 255 characters.");
		}
		JsonNode externalId = user.remove("externalId");
		if (externalId != null && !externalId.isNull()
				&& (!externalId.isString() || externalId.asString().length() > 255)) {
			throw BadRequestException.invalidValue("externalId must be a string of at most 255 characters.");
		}
		JsonNode active = user.remove("active");
		if (active != null && !active.isBoolean()) {
			throw BadRequestException.invalidValue("active must be true or false.");
		}
		boolean isActive = active != null ? active.asBoolean() : activeBefore == null || activeBefore;
		return new Written(userName.asString().strip(),
				externalId == null || externalId.isNull() ? null : externalId.asString(), isActive, user);
	}

	/**
	 * A PATCH body as the SDK takes it: op names in lower case, path-less values whose
	 * keys are paths (Entra ID's {@code "name.givenName"}, a URN-qualified attribute)
	 * split into one operation each, and boolean strings read as booleans.
	 */
	private PatchRequest patchRequest(String body) throws ScimException {
		JsonNode node = read(body);
		JsonNode operations = node.path("Operations");
		if (!operations.isArray()) {
			throw BadRequestException.invalidSyntax("A PatchOp needs an Operations array.");
		}
		ArrayNode normalised = json.createArrayNode();
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
				ObjectNode plain = json.createObjectNode();
				for (Map.Entry<String, JsonNode> entry : values.properties()) {
					String key = entry.getKey();
					if (key.contains(".") || key.startsWith("urn:")) {
						ObjectNode single = json.createObjectNode();
						single.put("op", name);
						single.put("path", key);
						single.set("value", entry.getValue());
						normalised.add(single);
					}
					else {
						plain.set(key, entry.getValue());
					}
				}
				READ_ONLY.forEach(plain::remove);
				coerceBooleans(plain);
				if (plain.isEmpty()) {
					continue;
				}
				op.set("value", plain);
			}
			normalised.add(op);
		}
		ObjectNode request = json.createObjectNode();
		request.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
		request.set("Operations", normalised);
		try {
			return json.treeToValue(request, PatchRequest.class);
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

	/** The user as SCIM shows it: what is stored, Ferry's id and meta. */
	private ObjectNode representation(String base, ScimDirectory.Entry entry) {
		ObjectNode user = json.createObjectNode();
		ArrayNode schemas = user.putArray("schemas").add(USER);
		if (entry.resource().has(ENTERPRISE)) {
			schemas.add(ENTERPRISE);
		}
		user.put("id", entry.id().toString());
		if (entry.externalId() != null) {
			user.put("externalId", entry.externalId());
		}
		user.put("userName", entry.userName());
		user.put("active", entry.active());
		entry.resource().properties().forEach(field -> user.set(field.getKey(), field.getValue()));
		ObjectNode meta = user.putObject("meta");
		meta.put("resourceType", "User");
		meta.put("created", DateTimeFormatter.ISO_INSTANT.format(entry.created()));
		meta.put("lastModified", DateTimeFormatter.ISO_INSTANT.format(entry.lastModified()));
		meta.put("location", base + "/Users/" + entry.id());
		meta.put("version", "W/\"" + entry.version() + "\"");
		return user;
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

	private static Answer notFound(String id) {
		return Answer.error(404, null, "No user " + (id.length() > 64 ? id.substring(0, 64) : id) + ".");
	}

	/** A user as it is written: its indexed parts and the rest of its attributes. */
	private record Written(String userName, String externalId, boolean active, ObjectNode resource) {

	}

	/**
	 * An answer: its status, its SCIM body (null for none) and, for a create, its
	 * Location.
	 */
	public record Answer(int status, Object body, String location) {

		static Answer error(ScimException ex) {
			return error(ex.getScimError().getStatus(), ex.getScimError().getScimType(), ex.getScimError().getDetail());
		}

		static Answer error(int status, String scimType, String detail) {
			return new Answer(status, ScimUsers.Reply.error(status, scimType, detail).body(), null);
		}

	}

}
