package dev.ferry.provisioning.internal.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import dev.ferry.connector.HookFormat;
import dev.ferry.connector.HookFormat.Event;
import dev.ferry.system.TenantContext;
import dev.ferry.work.WorkQueue;

/**
 * Hook deliveries of changes, once the machine endpoints' gate has checked their secret
 * and the source's connector has read them ({@link HookFormat}): records each event id
 * once (a source such as Okta delivers at least once, sometimes twice, sometimes out of
 * order), and enqueues a sync of every person an event names (and, for a group event
 * about a pushed group, one group push), in one transaction — the reply goes back within
 * milliseconds; the work happens on the workers, which read each person fresh.
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
	 * Takes a delivery whose secret has been checked, as the source's connector read it;
	 * runs with the tenant set. Each event id is taken once: a source may deliver one
	 * twice.
	 */
	public void accept(HookFormat.Delivery delivery) {
		transactions.executeWithoutResult(status -> {
			List<String> ids = new ArrayList<>();
			delivery.events().forEach(event -> ids.add(event.id()));
			Set<String> fresh = seen.markSeen(ids);
			List<Event> firstTime = new ArrayList<>();
			for (Event event : delivery.events()) {
				// remove: an id repeated within one delivery counts once
				if (fresh.remove(event.id())) {
					firstTime.add(event);
				}
			}
			enqueue(firstTime);
		});
	}

	/**
	 * Queues what changes Ferry knows to be new can affect (a SCIM write it just made):
	 * each person's sync and, for a change of a pushed group, one group push, in the
	 * caller's transaction (or one of its own).
	 */
	public void enqueue(List<Event> events) {
		transactions.executeWithoutResult(status -> {
			ProvisioningConfig config = compiled.current().config();
			// jobs are enqueued after the loop in one order (people by id, then the group
			// push), as the System Log poller does: two transactions enqueueing the same
			// jobs in different orders deadlock
			Map<String, IdentitySyncRequest> syncs = new TreeMap<>();
			GroupPushRequest groupPush = null;
			for (Event event : events) {
				String id = event.id();
				String type = event.type();
				for (String person : event.people()) {
					// merged as the queue merges jobs: later values win, flags stay set,
					// so a profile edit merged after an unassignment still checks
					IdentitySyncRequest request = new IdentitySyncRequest(type, id, !event.profileOnly(), null);
					syncs.merge(person, request, IdentitySyncRequest::merge);
				}
				if (event.aboutGroups() && GroupPushHandler.pushing(config) && aboutPushedGroups(event, config)) {
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
		for (HookFormat.Group group : event.groups()) {
			String id = group.id();
			String name = group.name();
			if (name.isEmpty() || selection.chooses(name, null)) {
				return true;
			}
			Integer linked = jdbc.queryForObject("select count(*) from group_link where source_group_id = ?",
					Integer.class, id);
			if (linked != null && linked > 0) {
				return true;
			}
		}
		return event.groups().isEmpty();
	}

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

}
