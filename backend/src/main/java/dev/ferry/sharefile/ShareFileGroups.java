package dev.ferry.sharefile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.ConnectorException.Kind;

/**
 * ShareFile's distribution groups (docs/reference/sharefile.md §4): listed with their
 * members inline, created, renamed, deleted, and members added or removed {@value #BATCH}
 * at a time. A group holds at most {@value #CAPACITY} members; ShareFile refuses more
 * with a plain 400, which is reported as {@link Kind#LIMIT_REACHED}.
 */
final class ShareFileGroups {

	static final int CAPACITY = 2000;

	/** Members per add/remove call. */
	static final int BATCH = 100;

	private final ShareFileClient client;

	private final ShareFileFeeds feeds;

	ShareFileGroups(ShareFileClient client, ShareFileFeeds feeds) {
		this.client = client;
		this.feeds = feeds;
	}

	/** ⌈G/500⌉ requests: members come inline with {@code $expand=Contacts}. */
	List<AccountGroup> groups() {
		List<AccountGroup> groups = new ArrayList<>();
		feeds.each("Groups?$expand=Contacts&$select=Id,Name,Contacts/Id",
				group -> groups.add(ShareFileMapper.group(group)));
		return groups;
	}

	/** One request with the first {@value #BATCH} members, then one per further batch. */
	AccountGroup create(String name, Collection<String> memberIds) {
		if (memberIds.size() > CAPACITY) {
			throw ConnectorException.of(Kind.LIMIT_REACHED, "A ShareFile distribution group holds at most " + CAPACITY
					+ " members; " + name + " would have " + memberIds.size() + ".");
		}
		List<List<String>> batches = batches(memberIds);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Name", name);
		body.put("IsShared", true);
		body.put("Contacts", ShareFileMapper.contactRefs(batches.isEmpty() ? List.of() : batches.getFirst()));
		JsonNode group = capped(() -> client.post("Groups?$expand=Contacts", body));
		String id = group.path("Id").asString();
		for (List<String> batch : batches.subList(Math.min(1, batches.size()), batches.size())) {
			add(id, batch);
		}
		return new AccountGroup(id, group.path("Name").asString(name), new java.util.LinkedHashSet<>(memberIds));
	}

	void rename(String groupId, String name) {
		client.patch("Groups(" + ShareFileUsers.key(groupId) + ")", Map.of("Name", name));
	}

	/** {@code DELETE Groups(id)}: the group only; its members keep their accounts. */
	void delete(String groupId) {
		client.delete("Groups(" + ShareFileUsers.key(groupId) + ")", null);
	}

	void addMembers(String groupId, Collection<String> accountIds) {
		for (List<String> batch : batches(accountIds)) {
			add(groupId, batch);
		}
	}

	/**
	 * {@code DELETE Groups(id)/Contacts} with the references as body; unknown members are
	 * ignored.
	 */
	void removeMembers(String groupId, Collection<String> accountIds) {
		for (List<String> batch : batches(accountIds)) {
			client.deleteWithBody("Groups(" + ShareFileUsers.key(groupId) + ")/Contacts",
					ShareFileMapper.contactRefs(batch));
		}
	}

	private void add(String groupId, List<String> batch) {
		capped(() -> client.post("Groups(" + ShareFileUsers.key(groupId) + ")/Contacts?$select=Id",
				ShareFileMapper.contactRefs(batch)));
	}

	/**
	 * ShareFile has no reason code for a full group: its 400 names the limit in the
	 * message, so a 400 that mentions 2000/2,000 is the cap.
	 */
	private static JsonNode capped(java.util.function.Supplier<JsonNode> call) {
		try {
			return call.get();
		}
		catch (ConnectorException ex) {
			String message = ex.getMessage() == null ? "" : ex.getMessage();
			if (ex.status() == 400 && (message.contains("2000") || message.contains("2,000"))) {
				throw new ConnectorException(Kind.LIMIT_REACHED, message, ex.status(), ex.rawResponse(), null);
			}
			throw ex;
		}
	}

	private static List<List<String>> batches(Collection<String> ids) {
		List<String> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
		List<List<String>> batches = new ArrayList<>();
		for (int from = 0; from < all.size(); from += BATCH) {
			batches.add(all.subList(from, Math.min(all.size(), from + BATCH)));
		}
		return batches;
	}

}
