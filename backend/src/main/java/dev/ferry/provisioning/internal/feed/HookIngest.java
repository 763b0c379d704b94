package dev.ferry.provisioning.internal.feed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.internal.config.Compiled;
import dev.ferry.provisioning.internal.engine.IdentitySyncRequest;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.provisioning.internal.groups.GroupPushHandler;
import dev.ferry.provisioning.internal.groups.GroupPushRequest;
import dev.ferry.provisioning.internal.groups.GroupSelection;
import dev.ferry.system.TenantContext;
import dev.ferry.work.WorkQueue;

/**
 * Okta's event hook deliveries (docs/reference/okta.md §5), once the machine endpoints'
 * gate has checked their secret: records each event id once (Okta delivers at least once,
 * sometimes twice, sometimes out of order), and enqueues a sync of every person an event
 * names (and, for a group event about a pushed group, one group push), in one transaction
 * — the reply goes back within milliseconds; the work happens on the workers, which read
 * each person fresh.
 */
@Component
public class HookIngest {

	private final JdbcTemplate jdbc;

	private final WorkQueue work;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final SeenEvents seen;

	private final Compiled compiled;

	HookIngest(JdbcTemplate jdbc, WorkQueue work, TransactionTemplate transactions, ApplicationEventPublisher events,
			Compiled compiled, SeenEvents seen) {
		this.seen = seen;
		this.compiled = compiled;
		this.jdbc = jdbc;
		this.work = work;
		this.transactions = transactions;
		this.events = events;
	}

	/**
	 * Takes a delivery whose secret has been checked; runs with the tenant set. A
	 * delivery without a {@code data.events} array is recorded as malformed.
	 */
	public Outcome accept(Delivery delivery) {
		if (delivery == null || delivery.data() == null || delivery.data().events() == null) {
			malformed("no data.events array");
			return Outcome.MALFORMED;
		}
		List<Event> events = delivery.data().events().stream().filter(Objects::nonNull).toList();
		transactions.executeWithoutResult(status -> {
			ProvisioningConfig config = compiled.current().config();
			// jobs are enqueued after the loop in one order (people by id, then the group
			// push), as the
			// System Log poller does: two transactions enqueueing the same jobs in
			// different orders deadlock
			Map<String, IdentitySyncRequest> syncs = new TreeMap<>();
			GroupPushRequest groupPush = null;
			List<String> ids = new ArrayList<>();
			events.forEach(event -> ids.add(event.id()));
			Set<String> fresh = seen.markSeen(ids);
			for (Event event : events) {
				String id = event.id();
				// remove: an id repeated within one delivery counts once
				if (!fresh.remove(id)) {
					continue;
				}
				String type = event.type();
				for (String person : people(event)) {
					// merged as the queue merges jobs: later values win, flags stay set,
					// so
					// a profile edit merged after an unassignment still checks
					IdentitySyncRequest request = new IdentitySyncRequest(type, id, !PROFILE_ONLY.contains(type), null);
					syncs.merge(person, request, IdentitySyncRequest::merge);
				}
				if (type.startsWith("group.") && GroupPushHandler.pushing(config) && aboutPushedGroups(event, config)) {
					groupPush = new GroupPushRequest(type, id);
				}
			}
			syncs.forEach(work::enqueue);
			if (groupPush != null) {
				// one key per tenant: a burst of membership events becomes one waiting
				// push
				work.enqueue(GroupPushRequest.KEY, groupPush);
			}
		});
		return Outcome.ACCEPTED;
	}

	/** The Okta user ids an event is about ({@code target[].type == "User"}). */
	static Set<String> people(Event event) {
		Set<String> ids = new LinkedHashSet<>();
		for (Target target : event.targets()) {
			String id = target.idOrEmpty();
			if ("User".equals(target.type()) && id.matches("[A-Za-z0-9]{1,64}")) {
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
	private boolean aboutPushedGroups(Event event, ProvisioningConfig config) {
		GroupSelection selection = GroupSelection.of(config.groupPush());
		boolean anyGroup = false;
		for (Target target : event.targets()) {
			if (!"UserGroup".equals(target.type())) {
				continue;
			}
			anyGroup = true;
			String id = target.idOrEmpty();
			String name = target.displayName() == null ? "" : target.displayName();
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

	/**
	 * Records a delivery Ferry could not read (its secret was right): {@code reason} is
	 * the first line of what was wrong. Runs with the tenant set.
	 */
	public void malformed(String reason) {
		events.publishEvent(new Happened(TenantContext.require(), AuditEntry.Actor.system(), "hook.malformed",
				"event_hook", null, AuditEntry.Outcome.FAILURE,
				Map.of("reason", reason == null ? "unreadable" : reason.lines().findFirst().orElse("")))
			.evenIfRolledBack());
	}

	public enum Outcome {

		ACCEPTED, MALFORMED

	}

	/**
	 * An event hook delivery as Okta sends it (docs/reference/okta.md §5); only what
	 * Ferry reads of it.
	 */
	public record Delivery(Data data) {

		public record Data(List<Event> events) {
		}

	}

	/** One event of a delivery: its id, its type and whom it is about. */
	public record Event(String uuid, String eventType, List<Target> target) {

		String id() {
			return uuid == null ? "" : uuid;
		}

		String type() {
			return eventType == null ? "event" : eventType;
		}

		List<Target> targets() {
			return target == null ? List.of() : target.stream().filter(Objects::nonNull).toList();
		}

	}

	public record Target(String id, String type, String displayName) {

		String idOrEmpty() {
			return id == null ? "" : id;
		}

	}

}
