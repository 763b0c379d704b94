package dev.ferry.provisioning.internal.scim;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.connector.HookFormat;
import dev.ferry.provisioning.internal.scim.ScimProtocol.Answer;
import dev.ferry.scim.ScimDirectory;

/**
 * The SCIM 2.0 Groups endpoint (RFC 7643 §4.2, docs/scim.md) of an organisation whose
 * identity source is SCIM push: the identity provider creates groups, renames them and
 * adds and removes members (Okta's Push Groups, Entra ID's group provisioning), and every
 * change queues what it can affect — the group push (when the organisation pushes that
 * group to the target) and the sync of each member whose scope or user type may depend on
 * it — in the same transaction. Members are people of the directory.
 */
@Component
public class ScimDirectoryGroups {

	/** Attributes a client never sets. */
	private static final Set<String> READ_ONLY = Set.of("id", "meta", "schemas");

	private final ScimDirectory directory;

	private final DirectoryChanges changes;

	private final TransactionTemplate transactions;

	ScimDirectoryGroups(ScimDirectory directory, DirectoryChanges changes, TransactionTemplate transactions) {
		this.directory = directory;
		this.changes = changes;
		this.transactions = transactions;
	}

	/** {@code GET /Groups}, e.g. {@code filter=displayName eq "Sales"}. */
	public Answer list(String base, String filter, int startIndex, int count, String attributes,
			String excludedAttributes) {
		return ScimProtocol.list(directory.groups(), group -> representation(base, group), filter, startIndex, count,
				attributes, excludedAttributes);
	}

	/** {@code GET /Groups/{id}}, e.g. with {@code excludedAttributes=members}. */
	public Answer get(String base, String id, String attributes, String excludedAttributes) {
		return find(id)
			.map(group -> new Answer(200,
					ScimProtocol.project(representation(base, group), attributes, excludedAttributes), null))
			.orElseGet(() -> Answer.notFound("group", id));
	}

	/** {@code POST /Groups}: 201 with the group and its Location. */
	public Answer create(String base, String body) {
		try {
			Written written = written(ScimProtocol.object(body, READ_ONLY, "Group"));
			ScimDirectory.Group group = transactions.execute(status -> {
				ScimDirectory.Group created = directory.createGroup(written.displayName(), written.externalId(),
						written.members());
				changed(created, written.members(), "scim.group.created");
				return created;
			});
			ObjectNode shown = representation(base, group);
			return new Answer(201, shown, shown.path("meta").path("location").asString());
		}
		catch (ScimException ex) {
			return Answer.error(ex);
		}
		catch (ScimDirectory.UnknownMember ex) {
			return Answer.error(400, "invalidValue", ex.getMessage() + ": members are users of this endpoint.");
		}
	}

	/** {@code PUT /Groups/{id}}: the group becomes the body, members included. */
	public Answer replace(String base, String id, String body) {
		Optional<ScimDirectory.Group> stored = find(id);
		if (stored.isEmpty()) {
			return Answer.notFound("group", id);
		}
		try {
			return save(base, stored.get(), written(ScimProtocol.object(body, READ_ONLY, "Group")),
					"scim.group.replaced");
		}
		catch (ScimException ex) {
			return Answer.error(ex);
		}
	}

	/**
	 * {@code PATCH /Groups/{id}}: a rename, members added, members removed (by a filter
	 * such as {@code members[value eq "id"]} or, as Entra ID sends it, a value array).
	 */
	public Answer patch(String base, String id, String body) {
		Optional<UUID> uuid = ScimProtocol.uuid(id);
		if (uuid.isEmpty()) {
			return Answer.notFound("group", id);
		}
		// read, apply and write under the group's row lock: identity providers send
		// membership PATCHes of one group concurrently (Okta's Push Groups for people
		// assigned at once, Entra ID's cycles), and each must see the members the others
		// added
		try {
			return transactions.execute(status -> {
				Optional<ScimDirectory.Group> stored = directory.lockGroup(uuid.get());
				if (stored.isEmpty()) {
					return Answer.notFound("group", id);
				}
				try {
					ObjectNode group = representation(base, stored.get());
					group.remove("meta");
					group.remove("schemas");
					GenericScimResource patched = ScimProtocol.patchRequest(body, READ_ONLY)
						.apply(new GenericScimResource(group));
					ObjectNode result = patched.getObjectNode();
					READ_ONLY.forEach(result::remove);
					return persist(base, stored.get(), written(result), "scim.group.patched");
				}
				catch (ScimException ex) {
					return Answer.error(ex);
				}
			});
		}
		catch (ScimDirectory.UnknownMember ex) {
			return Answer.error(400, "invalidValue", ex.getMessage() + ": members are users of this endpoint.");
		}
	}

	/** {@code DELETE /Groups/{id}}: 204, and 404 from then on. */
	public Answer delete(String id) {
		Optional<ScimDirectory.Group> stored = find(id);
		if (stored.isEmpty()) {
			return Answer.notFound("group", id);
		}
		transactions.executeWithoutResult(status -> {
			List<UUID> members = directory.members(stored.get().id());
			if (directory.deleteGroup(stored.get().id())) {
				changed(stored.get(), members, "scim.group.deleted");
			}
		});
		return new Answer(204, null, null);
	}

	private Answer save(String base, ScimDirectory.Group stored, Written written, String action) {
		try {
			return transactions.execute(status -> persist(base, stored, written, action));
		}
		catch (ScimDirectory.UnknownMember ex) {
			return Answer.error(400, "invalidValue", ex.getMessage() + ": members are users of this endpoint.");
		}
	}

	/** Writes the group and queues what follows, in the caller's transaction. */
	private Answer persist(String base, ScimDirectory.Group stored, Written written, String action) {
		Set<UUID> affected = new LinkedHashSet<>(directory.members(stored.id()));
		Optional<ScimDirectory.Group> replaced = directory.replaceGroup(stored.id(), written.displayName(),
				written.externalId(), written.members());
		affected.addAll(written.members());
		replaced.ifPresent(group -> changed(group, List.copyOf(affected), action));
		return replaced.map(group -> new Answer(200, representation(base, group), null))
			.orElseGet(() -> Answer.notFound("group", stored.id().toString()));
	}

	/**
	 * Queues the group push and the syncs of the people a group change can affect, and
	 * audits it with the identity provider as actor, in the caller's transaction.
	 */
	private void changed(ScimDirectory.Group group, List<UUID> people, String action) {
		changes.changed(action, "group", group.id().toString(), people.stream().map(UUID::toString).toList(),
				new HookFormat.Group(group.id().toString(), group.displayName()),
				Map.of("displayName", group.displayName(), "members", people.size()));
	}

	private Optional<ScimDirectory.Group> find(String id) {
		return ScimProtocol.uuid(id).flatMap(directory::group);
	}

	/** A group as it is written: a name is required, members are user ids. */
	private static Written written(ObjectNode group) throws BadRequestException {
		JsonNode displayName = group.path("displayName");
		if (!displayName.isString() || displayName.asString().isBlank()) {
			throw BadRequestException.invalidValue("displayName is required.");
		}
		if (displayName.asString().length() > 255) {
			throw BadRequestException.invalidValue("displayName is longer than 255 characters.");
		}
		JsonNode externalId = group.path("externalId");
		List<UUID> members = new ArrayList<>();
		for (JsonNode member : group.path("members")) {
			String value = member.path("value").asString("");
			try {
				members.add(UUID.fromString(value));
			}
			catch (IllegalArgumentException notOurs) {
				throw BadRequestException
					.invalidValue("No user " + (value.length() > 64 ? value.substring(0, 64) : value)
							+ ": members are users of this endpoint.");
			}
		}
		return new Written(displayName.asString().strip(), externalId.isString() ? externalId.asString() : null,
				members);
	}

	/** The group as SCIM shows it, members as references to users. */
	private ObjectNode representation(String base, ScimDirectory.Group group) {
		ObjectNode shown = ScimProtocol.JSON.createObjectNode();
		shown.putArray("schemas").add(ScimProtocol.GROUP);
		shown.put("id", group.id().toString());
		if (group.externalId() != null) {
			shown.put("externalId", group.externalId());
		}
		shown.put("displayName", group.displayName());
		ArrayNode members = shown.putArray("members");
		for (UUID member : directory.members(group.id())) {
			members.addObject()
				.put("value", member.toString())
				.put("$ref", base + "/Users/" + member)
				.put("type", "User");
		}
		ObjectNode meta = shown.putObject("meta");
		meta.put("resourceType", "Group");
		meta.put("created", DateTimeFormatter.ISO_INSTANT.format(group.created()));
		meta.put("lastModified", DateTimeFormatter.ISO_INSTANT.format(group.lastModified()));
		meta.put("location", base + "/Groups/" + group.id());
		meta.put("version", "W/\"" + group.version() + "\"");
		return shown;
	}

	private record Written(String displayName, String externalId, List<UUID> members) {

	}

}
