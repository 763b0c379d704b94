package dev.ferry.provisioning.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.provisioning.RunStatus;
import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.GroupOps;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SourceGroup;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.Operation.AddMembers;
import dev.ferry.provisioning.Operation.CreateGroup;
import dev.ferry.provisioning.Operation.DeleteGroup;
import dev.ferry.provisioning.Operation.Group;
import dev.ferry.provisioning.Operation.RemoveMembers;
import dev.ferry.provisioning.Operation.RenameGroup;
import dev.ferry.provisioning.OperationStatus;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.system.TenantContext;

/**
 * Push Groups: each chosen Okta group ({@link GroupSelection}) becomes a ShareFile
 * distribution group with the same members (those who have a linked, active account),
 * renames followed, members added and removed in batches (the target batches its calls).
 * A group larger than ShareFile allows is reported on the run and in the audit log, never
 * silently cut. A pushed group whose Okta group was deleted or is no longer chosen is
 * retired. Ferry only ever touches ShareFile groups recorded in {@code group_link}: those
 * it created, or adopted because they had the pushed name.
 *
 * <p>
 * A run (kind GROUPS) is recorded only when something was changed or failed, so the many
 * pushes that group events cause do not bury the runs list in empty ones.
 */
@Component
class GroupPusher {

	private final JdbcTemplate jdbc;

	private final Links links;

	private final Runs runs;

	private final AuditLog audit;

	private final Clock clock;

	GroupPusher(JdbcTemplate jdbc, Links links, Runs runs, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.links = links;
		this.runs = runs;
		this.audit = audit;
		this.clock = clock;
	}

	/** What Ferry remembers of one pushed group. */
	record GroupLink(String sourceGroupId, String accountGroupId, String name, boolean created, String chosenByName) {
	}

	/**
	 * Brings every chosen group in line and retires the groups no longer chosen. A
	 * retryable failure (throttling) ends the push and is thrown, so the work queue tries
	 * the whole push again later.
	 */
	void push(String trigger, ProvisioningConfig config, IdentitySource source, AccountTarget target) throws Exception {
		runs.run(RunKind.GROUPS, trigger, GroupPushRequest.KEY)
			.lazily()
			.track(scope -> push(new RunLog(scope), config, source, target));
	}

	private RunScope.Ending push(RunLog log, ProvisioningConfig config, IdentitySource source, AccountTarget target) {
		GroupSelection selection = GroupSelection.of(config.groupPush());
		{
			List<SourceGroup> oktaGroups = source.groups();
			Map<String, GroupLink> pushed = groupLinks();
			Map<String, Link> people = links.all();
			Map<String, AccountGroup> shareFileGroups = new LinkedHashMap<>();
			groupOps(target).groups().forEach(group -> shareFileGroups.put(group.id(), group));
			// a ShareFile group linked to one Okta group is never adopted by another of
			// the same name
			Set<String> claimed = new HashSet<>();
			pushed.values().forEach(link -> claimed.add(link.accountGroupId()));
			Set<String> chosen = new HashSet<>();
			for (SourceGroup group : oktaGroups) {
				GroupLink link = pushed.get(group.id());
				if (selection.chooses(group.name(), link == null ? null : link.chosenByName())) {
					chosen.add(group.id());
					pushOne(log, group, link, selection, config.groupPush().namePrefix(), people, shareFileGroups,
							claimed, source, target);
				}
			}
			Set<String> inOkta = new HashSet<>();
			oktaGroups.forEach(group -> inOkta.add(group.id()));
			for (GroupLink link : pushed.values()) {
				if (chosen.contains(link.sourceGroupId())) {
					continue;
				}
				if (oktaGroups.isEmpty()) {
					// every Okta org has Everyone: an empty listing is a wrong answer,
					// not a deleted world
					log.skipped(new DeleteGroup(link.accountGroupId(), link.name(), 0, null),
							"Okta listed no groups at all, so nothing was retired. Check the Okta connection.");
					continue;
				}
				retire(log, link, inOkta.contains(link.sourceGroupId()) ? "no longer chosen" : "deleted in Okta",
						shareFileGroups.get(link.accountGroupId()), target);
			}
			return log.finish(chosen.size());
		}
	}

	private void pushOne(RunLog log, SourceGroup group, GroupLink link, GroupSelection selection, String prefix,
			Map<String, Link> people, Map<String, AccountGroup> shareFileGroups, Set<String> claimed,
			IdentitySource source, AccountTarget target) {
		String name = prefix + group.name();
		String chosenByName = selection.chosenByName(group.name(), link == null ? null : link.chosenByName());
		try {
			Set<String> desired = new HashSet<>();
			for (String member : source.groupMembers(group.id())) {
				Link person = people.get(member);
				if (person != null && !person.disabled()) {
					desired.add(person.accountId());
				}
			}
			if (desired.size() > groupOps(target).groupCapacity()) {
				capped(log, group, name, desired.size(), groupOps(target).groupCapacity());
				return;
			}
			AccountGroup current = link == null ? null : shareFileGroups.get(link.accountGroupId());
			if (current == null) {
				current = shareFileGroups.values()
					.stream()
					.filter(candidate -> candidate.name().equalsIgnoreCase(name) && !claimed.contains(candidate.id()))
					.findFirst()
					.orElse(null);
			}
			if (current == null) {
				AccountGroup made = groupOps(target).createGroup(name, desired);
				claimed.add(made.id());
				log.applied(new CreateGroup(made.id(), name, desired));
				save(group, made.id(), name, desired.size(), true, chosenByName);
				return;
			}
			claimed.add(current.id());
			// adopted by name stays adopted: only a group Ferry made may ever be deleted
			// by Ferry
			boolean created = link != null && link.created() && current.id().equals(link.accountGroupId());
			if (!current.name().equals(name)) {
				groupOps(target).renameGroup(current.id(), name);
				log.applied(new RenameGroup(current.id(), name, current.name()));
			}
			Set<String> add = new HashSet<>(desired);
			add.removeAll(current.memberIds());
			Set<String> remove = new HashSet<>(current.memberIds());
			remove.removeAll(desired);
			// removals first: a group near the cap that swaps members must never be over
			// it in between
			if (!remove.isEmpty()) {
				groupOps(target).removeMembers(current.id(), remove);
				log.applied(new RemoveMembers(current.id(), name, current.memberIds().size(), remove, null));
			}
			if (!add.isEmpty()) {
				groupOps(target).addMembers(current.id(), add);
				log.applied(new AddMembers(current.id(), name, current.memberIds().size() - remove.size(),
						desired.size(), add));
			}
			save(group, current.id(), name, desired.size(), created, chosenByName);
		}
		catch (ConnectorException ex) {
			if (ex.retryable()) {
				throw ex;
			}
			if (ex.kind() == ConnectorException.Kind.UNKNOWN_ID && link == null) {
				// deleted in Okta between the listing and the member read: nothing was
				// pushed, nothing to do
				return;
			}
			log.failed(new AddMembers(null, name, null, null, Set.of()), ex.getMessage());
		}
	}

	private void capped(RunLog log, SourceGroup group, String name, int members, int capacity) {
		log.failed(new AddMembers(null, name, null, members, Set.of()),
				group.name() + " has " + members + " members with ShareFile accounts; a ShareFile "
						+ "distribution group holds at most " + capacity
						+ ". Split the Okta group, or push a smaller one.");
		jdbc.update("update group_link set capped = true, updated_at = ? where source_group_id = ?",
				Timestamp.from(clock.instant()), group.id());
		audit.recordNow(new AuditEntry(TenantContext.require(), AuditEntry.Actor.system(), "provisioning.group_capped",
				"group", group.name(), AuditEntry.Outcome.FAILURE, Map.of("members", members, "capacity", capacity)));
	}

	/**
	 * A group Ferry created is deleted: it only ever mirrored the Okta group, and an
	 * empty shell would keep the name (and be adopted again should a group of that name
	 * be pushed later) and show ShareFile users a group that stands for nothing. Its
	 * members keep their accounts and files; only shares given to the group go, exactly
	 * as they would for the members had the group been emptied. A group Ferry adopted
	 * existed before Ferry and may carry folder permissions a ShareFile admin set up: it
	 * is only emptied, and stays for that admin to delete or reuse.
	 */
	private void retire(RunLog log, GroupLink link, String reason, AccountGroup current, AccountTarget target) {
		try {
			if (current != null && link.created()) {
				groupOps(target).deleteGroup(current.id());
				log.applied(new DeleteGroup(current.id(), current.name(), current.memberIds().size(), reason));
			}
			else if (current != null && !current.memberIds().isEmpty()) {
				groupOps(target).removeMembers(current.id(), current.memberIds());
				log.applied(new RemoveMembers(current.id(), current.name(), current.memberIds().size(),
						current.memberIds(), reason));
			}
		}
		catch (ConnectorException ex) {
			if (ex.retryable()) {
				throw ex;
			}
			if (ex.kind() != ConnectorException.Kind.UNKNOWN_ID) {
				int members = current == null ? 0 : current.memberIds().size();
				log.failed(link.created() ? new DeleteGroup(link.accountGroupId(), link.name(), members, reason)
						: new RemoveMembers(link.accountGroupId(), link.name(), members,
								current == null ? Set.of() : current.memberIds(), reason),
						ex.getMessage());
				return;
			}
			// already deleted in ShareFile: only the link is left to forget
		}
		jdbc.update("delete from group_link where source_group_id = ?", link.sourceGroupId());
	}

	private Map<String, GroupLink> groupLinks() {
		Map<String, GroupLink> pushed = new HashMap<>();
		jdbc.query("select source_group_id, account_group_id, name, created, chosen_by_name from group_link", rows -> {
			GroupLink link = new GroupLink(rows.getString(1), rows.getString(2), rows.getString(3), rows.getBoolean(4),
					rows.getString(5));
			pushed.put(link.sourceGroupId(), link);
		});
		return pushed;
	}

	private void save(SourceGroup group, String accountGroupId, String name, int members, boolean created,
			String chosenByName) {
		jdbc.update("insert into group_link (tenant_id, source_group_id, account_group_id, name, members, capped, "
				+ "updated_at, created, chosen_by_name) values (?, ?, ?, ?, ?, false, ?, ?, ?) on conflict "
				+ "(tenant_id, source_group_id) do update set account_group_id = excluded.account_group_id, "
				+ "name = excluded.name, members = excluded.members, capped = false, updated_at = excluded.updated_at, "
				+ "created = excluded.created, chosen_by_name = excluded.chosen_by_name", TenantContext.require(),
				group.id(), accountGroupId, name, members, Timestamp.from(clock.instant()), created, chosenByName);
	}

	/**
	 * The push's run, started at its first operation; every applied operation is also
	 * audited.
	 */
	private final class RunLog {

		private final RunScope scope;

		private int operations;

		private int failed;

		RunLog(RunScope scope) {
			this.scope = scope;
		}

		void applied(Group operation) {
			operations++;
			scope.record(operation, OperationStatus.APPLIED, null);
			scope.count(1, 0, 0);
			Map<String, Object> details = new LinkedHashMap<>(auditValues(operation));
			details.put("changes", operation.changes().toString());
			audit.recordNow(new AuditEntry(TenantContext.require(), AuditEntry.Actor.system(),
					"provisioning." + operation.kind().name().toLowerCase(java.util.Locale.ROOT), "group",
					operation.label(), AuditEntry.Outcome.SUCCESS, details));
		}

		void failed(Group operation, String error) {
			operations++;
			failed++;
			scope.record(operation, OperationStatus.FAILED, error);
			scope.count(0, 0, 1);
		}

		void skipped(Group operation, String why) {
			operations++;
			scope.record(operation, OperationStatus.SKIPPED, why);
			scope.count(0, 1, 0);
		}

		/**
		 * How the push ends when it went through (a run is written only if it did
		 * something).
		 */
		RunScope.Ending finish(int groups) {
			if (operations > 0) {
				scope.planned(groups, operations, 0);
			}
			return RunScope.Ending
				.done(failed > 0 ? failed + " group(s) could not be pushed: see the operations." : null);
		}

	}

	/** What the audit event of an applied group operation says besides its changes. */
	private static Map<String, Object> auditValues(Group operation) {
		return switch (operation) {
			case CreateGroup create -> Map.of();
			case RenameGroup rename -> Map.of();
			case AddMembers add -> Map.of("added", add.memberIds().size());
			case RemoveMembers remove -> remove.reason() != null ? Map.of("reason", remove.reason())
					: Map.of("removed", remove.memberIds().size());
			case DeleteGroup delete -> Map.of("reason", delete.reason());
		};
	}

	/**
	 * Group push needs a target with groups; settings validation refuses turning it on
	 * for one without.
	 */
	private static GroupOps groupOps(AccountTarget target) {
		return target.require(GroupOps.class);
	}

}
