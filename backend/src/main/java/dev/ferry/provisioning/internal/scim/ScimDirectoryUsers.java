package dev.ferry.provisioning.internal.scim;

import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.provisioning.internal.scim.ScimProtocol.Answer;
import dev.ferry.scim.ScimDirectory;

/**
 * The SCIM 2.0 Users endpoint (RFC 7643/7644, docs/scim.md) of an organisation whose
 * identity source is SCIM push: the identity provider creates, reads, lists, filters,
 * replaces, patches and deletes the people of Ferry's SCIM directory, and every write
 * queues that person's sync in the same transaction, so the engine plans and applies it
 * to the target as it does a change from any source. Filters and PATCH are the UnboundID
 * SCIM SDK's, after the normalisation real clients need (booleans sent as strings,
 * capitalised op names, read-only attributes and nulls in bodies, Entra ID's value-path
 * filters). A password sent with a user is set on the person's account in the target
 * ({@link ScimPasswords}) and never stored or logged.
 */
@Component
public class ScimDirectoryUsers {

	/**
	 * Attributes a client never sets: Ferry's own, or written through other resources.
	 */
	private static final Set<String> READ_ONLY = Set.of("id", "meta", "groups", "schemas");

	/** {@code userName eq "x"} with no escapes in the value: one row at most. */
	private static final Pattern USER_NAME_EQ = Pattern.compile("\\s*userName\\s+eq\\s+\"([^\"\\\\]*)\"\\s*",
			Pattern.CASE_INSENSITIVE);

	private final ScimDirectory directory;

	private final DirectoryChanges changes;

	private final TransactionTemplate transactions;

	private final ScimPasswords passwords;

	private final HeldDeprovisioning held;

	private final PendingPasswords pending;

	ScimDirectoryUsers(ScimDirectory directory, DirectoryChanges changes, TransactionTemplate transactions,
			ScimPasswords passwords, HeldDeprovisioning held, PendingPasswords pending) {
		this.pending = pending;
		this.held = held;
		this.directory = directory;
		this.changes = changes;
		this.transactions = transactions;
		this.passwords = passwords;
	}

	/**
	 * {@code GET /Users}: a ListResponse, 200 even when nothing matches, in an order that
	 * does not change between pages.
	 * @param base the organisation's SCIM base URL, for {@code meta.location}
	 */
	public Answer list(String base, String filter, int startIndex, int count, String attributes,
			String excludedAttributes) {
		// Okta asks this before every create: answered from the userName index, not by
		// reading the whole directory (the SDK still evaluates the filter)
		Matcher byUserName = filter == null ? null : USER_NAME_EQ.matcher(filter);
		List<ScimDirectory.Entry> candidates = byUserName != null && byUserName.matches()
				? directory.findByUserName(byUserName.group(1)).stream().toList() : directory.all();
		return ScimProtocol.list(candidates, entry -> representation(base, entry), filter, startIndex, count,
				attributes, excludedAttributes);
	}

	/** {@code GET /Users/{id}}. */
	public Answer get(String base, String id, String attributes, String excludedAttributes) {
		return find(id)
			.map(entry -> new Answer(200,
					ScimProtocol.project(representation(base, entry), attributes, excludedAttributes), null))
			.orElseGet(() -> Answer.notFound("user", id));
	}

	/**
	 * {@code POST /Users}: 201 with the user and its Location, or 409 for a taken
	 * userName.
	 */
	public Answer create(String base, String body) {
		ObjectNode user;
		try {
			String password = password(ScimProtocol.read(body));
			user = writable(body);
			Written written = written(user, null);
			ScimDirectory.Entry entry = transactions.execute(status -> {
				ScimDirectory.Entry created = directory.create(written.userName(), written.externalId(),
						written.active(), written.resource());
				changed(created, "scim.user.created");
				return created;
			});
			if (password != null && entry.active()) {
				// the account is created by the person's sync, queued above: its password
				// is set once it exists (usually within a second), and held only in
				// memory till then
				pending.setOnceCreated(entry.id().toString(), entry.userName(), password, actor());
			}
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
			return Answer.notFound("user", id);
		}
		try {
			String password = password(ScimProtocol.read(body));
			Written written = written(writable(body), stored.get().active());
			return save(base, stored.get(), written, "scim.user.replaced", password);
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
			return Answer.notFound("user", id);
		}
		try {
			PatchRequest request = ScimProtocol.patchRequest(body, READ_ONLY);
			ObjectNode user = stored.get().resource().deepCopy();
			user.put("userName", stored.get().userName());
			user.put("active", stored.get().active());
			if (stored.get().externalId() != null) {
				user.put("externalId", stored.get().externalId());
			}
			GenericScimResource patched = request.apply(new GenericScimResource(user));
			ObjectNode result = patched.getObjectNode();
			READ_ONLY.forEach(result::remove);
			// write-only: set in the target, never stored
			String password = password(result);
			result.properties().removeIf(field -> "password".equalsIgnoreCase(field.getKey()));
			ScimProtocol.coerceBooleans(result);
			Written written = written(result, stored.get().active());
			return save(base, stored.get(), written, "scim.user.patched", password);
		}
		catch (ScimException ex) {
			return Answer.error(ex);
		}
	}

	/** {@code DELETE /Users/{id}}: 204, and 404 from then on. */
	public Answer delete(String base, String id) {
		Optional<ScimDirectory.Entry> stored = find(id);
		if (stored.isEmpty()) {
			return Answer.notFound("user", id);
		}
		Instant asked = held.now();
		transactions.executeWithoutResult(status -> {
			if (directory.delete(stored.get().id())) {
				changed(stored.get(), "scim.user.deleted");
			}
		});
		return held.held(base, stored.get().id().toString(), asked, true).orElseGet(() -> new Answer(204, null, null));
	}

	private Answer save(String base, ScimDirectory.Entry stored, Written written, String action, String password) {
		try {
			Instant asked = held.now();
			Optional<ScimDirectory.Entry> saved = transactions.execute(status -> {
				Optional<ScimDirectory.Entry> replaced = directory.replace(stored.id(), written.userName(),
						written.externalId(), written.active(), written.resource());
				replaced.ifPresent(entry -> changed(entry, action));
				return replaced;
			});
			if (saved.isEmpty()) {
				return Answer.notFound("user", stored.id().toString());
			}
			Optional<ScimPasswords.Refused> refused = passwords.set(stored.id().toString(), written.userName(),
					password, actor());
			if (refused.isPresent()) {
				return Answer.error(refused.get().status(), null, refused.get().detail());
			}
			if (!written.active()) {
				Optional<Answer> onHold = held.held(base, stored.id().toString(), asked, stored.active());
				if (onHold.isPresent()) {
					return onHold.get();
				}
			}
			return new Answer(200, representation(base, saved.get()), null);
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
		changes.changed(action, "identity", person, List.of(person), null,
				Map.of("userName", entry.userName(), "active", entry.active()));
	}

	/** A password in a user's attributes, if one was sent. */
	private static String password(JsonNode user) {
		for (Map.Entry<String, JsonNode> field : user.properties()) {
			if ("password".equalsIgnoreCase(field.getKey()) && field.getValue().isString()
					&& !field.getValue().asString().isEmpty()) {
				return field.getValue().asString();
			}
		}
		return null;
	}

	private AuditEntry.Actor actor() {
		return changes.actor();
	}

	private Optional<ScimDirectory.Entry> find(String id) {
		return ScimProtocol.uuid(id).flatMap(directory::find);
	}

	/**
	 * A request body as a user: nulls and read-only attributes dropped, {@code "True"}
	 * read as a boolean, the write-only password taken out (never stored).
	 */
	private static ObjectNode writable(String body) throws ScimException {
		return ScimProtocol.object(body, READ_ONLY, "User");
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

	/** The user as SCIM shows it: what is stored, Ferry's id and meta. */
	private ObjectNode representation(String base, ScimDirectory.Entry entry) {
		ObjectNode user = ScimProtocol.JSON.createObjectNode();
		ArrayNode schemas = user.putArray("schemas").add(ScimProtocol.USER);
		if (entry.resource().has(ScimProtocol.ENTERPRISE)) {
			schemas.add(ScimProtocol.ENTERPRISE);
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

	/** A user as it is written: its indexed parts and the rest of its attributes. */
	private record Written(String userName, String externalId, boolean active, ObjectNode resource) {

	}

}
