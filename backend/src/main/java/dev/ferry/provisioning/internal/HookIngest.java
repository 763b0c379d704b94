package dev.ferry.provisioning.internal;

import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.audit.Refusals;
import dev.ferry.connection.Connections;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.system.TenantContext;
import dev.ferry.work.WorkQueue;

/**
 * Okta's event hook deliveries (docs/reference/okta.md §5): checks the shared secret,
 * records each event id once (Okta delivers at least once, sometimes twice, sometimes out
 * of order), and enqueues a sync of every person an event names (and, for a group event
 * about a pushed group, one group push), in one transaction — the reply goes back within
 * milliseconds; the work happens on the workers, which read each person fresh.
 */
@Component
public class HookIngest {

	/**
	 * Hook deliveries Ferry refuses to read further: Okta batches, but never this much.
	 */
	public static final int MAX_BODY_BYTES = 1024 * 1024;

	/**
	 * Refusals of this endpoint are counted and summarised under this name
	 * ({@link Refusals}).
	 */
	public static final String SOURCE = "okta.event_hook";

	private final Refusals refusals;

	private final Connections connections;

	private final JdbcTemplate jdbc;

	private final WorkQueue work;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final JsonMapper json;

	private final SeenEvents seen;

	private final Compiled compiled;

	HookIngest(Connections connections, JdbcTemplate jdbc, WorkQueue work, TransactionTemplate transactions,
			AuditLog audit, JsonMapper json, Compiled compiled, SeenEvents seen, Refusals refusals) {
		this.refusals = refusals;
		this.seen = seen;
		this.compiled = compiled;
		this.connections = connections;
		this.jdbc = jdbc;
		this.work = work;
		this.transactions = transactions;
		this.audit = audit;
		this.json = json;
	}

	/** Runs with the tenant set. */
	public Outcome accept(String authorization, byte[] body) {
		if (!connections.hookAuthorized(authorization)) {
			// only callers without the secret are ever throttled: Okta's own deliveries
			// always get through
			if (refusals.throttled(TenantContext.require(), SOURCE)) {
				return Outcome.THROTTLED;
			}
			refusals.refused(SOURCE,
					new AuditEntry(TenantContext.require(), AuditEntry.Actor.anonymous(), "hook.rejected", "event_hook",
							null, AuditEntry.Outcome.DENIED, Map.of("reason", "bad or missing Authorization")));
			return Outcome.UNAUTHORIZED;
		}
		JsonNode events;
		try {
			JsonNode envelope = json.readTree(body);
			events = envelope.path("data").path("events");
			if (!events.isArray()) {
				throw new IllegalArgumentException("no data.events array");
			}
		}
		catch (JacksonException | IllegalArgumentException ex) {
			audit.recordNow(new AuditEntry(TenantContext.require(), AuditEntry.Actor.system(), "hook.malformed",
					"event_hook", null, AuditEntry.Outcome.FAILURE, Map.of("reason",
							ex.getMessage() == null ? "unreadable" : ex.getMessage().lines().findFirst().orElse(""))));
			return Outcome.MALFORMED;
		}
		transactions.executeWithoutResult(status -> {
			ProvisioningConfig config = compiled.current().config();
			// jobs are enqueued after the loop in one order (people by id, then the group
			// push), as the
			// System Log poller does: two transactions enqueueing the same jobs in
			// different orders deadlock
			Map<String, Map<String, String>> syncs = new TreeMap<>();
			Map<String, String> groupPush = null;
			List<String> ids = new ArrayList<>();
			events.forEach(event -> ids.add(event.path("uuid").asString("")));
			Set<String> fresh = seen.markSeen(ids);
			for (JsonNode event : events) {
				String id = event.path("uuid").asString("");
				// remove: an id repeated within one delivery counts once
				if (!fresh.remove(id)) {
					continue;
				}
				String type = event.path("eventType").asString("event");
				for (String person : people(event)) {
					// merged as the queue merges jobs: later values win, keys are kept
					Map<String, String> payload = syncs.computeIfAbsent(person, key -> new HashMap<>());
					payload.putAll(Map.of("trigger", type, "eventId", id));
					if (!PROFILE_ONLY.contains(type)) {
						// merged jobs keep this key, so a profile edit merged after an
						// unassignment still checks
						payload.put("checkAssignment", "true");
					}
				}
				if (type.startsWith("group.") && GroupPushHandler.pushing(config) && aboutPushedGroups(event, config)) {
					groupPush = Map.of("trigger", type, "eventId", id);
				}
			}
			syncs.forEach((person, payload) -> work.enqueue("identity.sync", person, payload));
			if (groupPush != null) {
				// one key per tenant: a burst of membership events becomes one waiting
				// push
				work.enqueue(GroupPushHandler.KIND, GroupPushHandler.KEY, groupPush);
			}
		});
		return Outcome.ACCEPTED;
	}

	/** The Okta user ids an event is about ({@code target[].type == "User"}). */
	static Set<String> people(JsonNode event) {
		Set<String> ids = new LinkedHashSet<>();
		for (JsonNode target : event.path("target")) {
			String id = target.path("id").asString("");
			if ("User".equals(target.path("type").asString("")) && id.matches("[A-Za-z0-9]{1,64}")) {
				ids.add(id);
			}
		}
		return ids;
	}

	/**
	 * Whether a group event is about a group Ferry pushes or would push now: one it has a
	 * link for (a membership change, rename or deletion to follow), or one whose name the
	 * configuration chooses (a new or renamed group). Events about other groups queue
	 * nothing. An event without a readable group target is taken to be relevant: a
	 * needless push costs little, a missed one leaves ShareFile wrong.
	 */
	private boolean aboutPushedGroups(JsonNode event, ProvisioningConfig config) {
		GroupSelection selection = GroupSelection.of(config.groupPush());
		boolean anyGroup = false;
		for (JsonNode target : event.path("target")) {
			if (!"UserGroup".equals(target.path("type").asString(""))) {
				continue;
			}
			anyGroup = true;
			String id = target.path("id").asString("");
			String name = target.path("displayName").asString("");
			if (name.isEmpty() || selection.chooses(name, null)) {
				return true;
			}
			Integer linked = jdbc.queryForObject("select count(*) from group_link where source_group_id = ?",
					Integer.class, id);
			if (linked != null && linked > 0) {
				return true;
			}
		}
		return !anyGroup;
	}

	/**
	 * Events that change a person's profile only, never whether they are assigned to the
	 * app.
	 */
	static final Set<String> PROFILE_ONLY = Set.of("user.account.update_profile");

	public enum Outcome {

		ACCEPTED, UNAUTHORIZED, THROTTLED, MALFORMED

	}

}
