package dev.ferry.provisioning.internal.groups;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.function.BiConsumer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.GroupOps;
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
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.provisioning.RunKind;
import dev.ferry.provisioning.internal.engine.Links;
import dev.ferry.provisioning.internal.engine.RunScope;
import dev.ferry.provisioning.internal.engine.Runs;
import dev.ferry.provisioning.internal.groups.GroupPlanner.GroupLink;
import dev.ferry.system.TenantContext;

/**
 * Push Groups: each chosen Okta group ({@link GroupSelection}) becomes a ShareFile
 * distribution group with the same members (those who have a linked, active account),
 * renames followed, members added and removed in batches (the target batches its calls).
 * A group larger than ShareFile allows is reported on the run and in the audit log, never
 * silently cut. A pushed group whose Okta group was deleted or is no longer chosen is
 * retired. Ferry only ever touches ShareFile groups recorded in {@code group_link}: those
 * it created, or adopted because they had the pushed name. What to do is decided first,
 * by {@link GroupPlanner}; this applies its plan, or records it on a dry run.
 *
 * <p>
 * A run (kind GROUPS) is recorded only when something was changed or failed, so the many
 * pushes that group events cause do not bury the runs list in empty ones.
 */
@Component
public class GroupPusher {

	private final JdbcTemplate jdbc;

	private final Links links;

	private final Runs runs;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	GroupPusher(JdbcTemplate jdbc, Links links, Runs runs, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.links = links;
		this.runs = runs;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Brings every chosen group in line and retires the groups no longer chosen. A
	 * retryable failure (throttling) ends the push and is thrown, so the work queue tries
	 * the whole push again later.
	 */
	void push(String trigger, ProvisioningConfig config, IdentitySource source, AccountTarget target) throws Exception {
		runs.run(RunKind.GROUPS, trigger, GroupPushRequest.KEY).lazily().track(scope -> {
			RunLog log = new RunLog(scope);
			GroupPlanner.Plan plan = plan(config, source, target,
					(name, failure) -> log.failed(unreadable(name), failure));
			GroupOps groups = groupOps(target);
			for (GroupPlanner.Step step : plan.steps()) {
				switch (step) {
					case GroupPlanner.Push push -> apply(log, push, groups);
					case GroupPlanner.Capped capped -> capped(log, capped);
					case GroupPlanner.Retire retire -> retire(log, retire, groups);
					case GroupPlanner.Kept kept -> log.skipped(kept.operation(), KEPT);
				}
			}
			return log.finish(plan.chosen());
		});
	}

	/**
	 * What a push would do now, without doing it (a dry run shows it).
	 * @param unreadable told of each chosen group whose members could not be read (it is
	 * left as it is); a retryable failure is thrown instead
	 */
	GroupPlanner.Plan plan(ProvisioningConfig config, IdentitySource source, AccountTarget target,
			BiConsumer<String, String> unreadable) {
		List<SourceGroup> sourceGroups = source.groups();
		Map<String, GroupLink> pushed = groupLinks();
		Map<String, Link> people = links.all();
		Map<String, AccountGroup> targetGroups = new LinkedHashMap<>();
		groupOps(target).groups().forEach(group -> targetGroups.put(group.id(), group));
		return GroupPlanner.plan(config.groupPush(), sourceGroups, pushed, people, targetGroups,
				groupOps(target).groupCapacity(), group -> {
					try {
						return Optional.of(source.groupMembers(group.id()));
					}
					catch (ConnectorException ex) {
						if (ex.retryable()) {
							throw ex;
						}
						if (ex.kind() != ConnectorException.Kind.UNKNOWN_ID || pushed.containsKey(group.id())) {
							unreadable.accept(config.groupPush().namePrefix() + group.name(), ex.getMessage());
						}
						// else deleted in Okta between the listing and the member read:
						// nothing was pushed, nothing to do
						return Optional.empty();
					}
				});
	}

	/**
	 * Records what a push would do, on a dry run: its operations planned, and the groups
	 * it would not push or retire skipped, with why.
	 * @return how many operations
	 */
	public int dryRun(UUID run, ProvisioningConfig config, IdentitySource source, AccountTarget target) {
		int[] recorded = { 0 };
		BiConsumer<Group, String> skipped = (operation, why) -> {
			runs.record(run, operation, OperationStatus.SKIPPED, why);
			recorded[0]++;
		};
		GroupPlanner.Plan plan = plan(config, source, target, (name, why) -> skipped.accept(unreadable(name), why));
		for (GroupPlanner.Step step : plan.steps()) {
			switch (step) {
				case GroupPlanner.Capped capped -> skipped.accept(capped.operation(), cappedMessage(capped));
				case GroupPlanner.Kept kept -> skipped.accept(kept.operation(), KEPT);
				case GroupPlanner.Push push -> push.operations().forEach(operation -> {
					runs.record(run, operation, OperationStatus.PLANNED, null);
					recorded[0]++;
				});
				case GroupPlanner.Retire retire -> {
					if (retire.operation() != null) {
						runs.record(run, retire.operation(), OperationStatus.PLANNED, null);
						recorded[0]++;
					}
				}
			}
		}
		return recorded[0];
	}

	private static final String KEPT = "The identity source listed no groups at all, so nothing was retired. "
			+ "Check its connection.";

	/** A group whose members could not be read, as the run records it. */
	private static AddMembers unreadable(String name) {
		return new AddMembers(null, name, null, null, Set.of());
	}

	private static String cappedMessage(GroupPlanner.Capped capped) {
		return capped.group().name() + " has " + capped.members()
				+ " members with accounts in the target, where a group holds at most " + capped.capacity()
				+ ". Split the group, or push a smaller one.";
	}

	private void apply(RunLog log, GroupPlanner.Push push, GroupOps groups) {
		try {
			String groupId = push.accountGroupId();
			for (Group operation : push.operations()) {
				String called = call(operation, groups);
				log.applied(operation instanceof CreateGroup create ? create.made(called) : operation);
				groupId = called;
			}
			save(push.group(), groupId, push.name(), push.members(), push.created(), push.chosenByName());
		}
		catch (ConnectorException ex) {
			if (ex.retryable()) {
				throw ex;
			}
			if (ex.kind() == ConnectorException.Kind.UNKNOWN_ID && !push.linked()) {
				// deleted between the listing and the push: nothing was pushed, nothing
				// to do
				return;
			}
			log.failed(unreadable(push.name()), ex.getMessage());
		}
	}

	/** Calls the target for one operation; returns the group it touched (or made). */
	private static String call(Group operation, GroupOps groups) {
		return switch (operation) {
			case CreateGroup create -> groups.createGroup(create.label(), create.memberIds()).id();
			case RenameGroup rename -> {
				groups.renameGroup(rename.accountId(), rename.label());
				yield rename.accountId();
			}
			case RemoveMembers remove -> {
				groups.removeMembers(remove.accountId(), remove.memberIds());
				yield remove.accountId();
			}
			case AddMembers add -> {
				groups.addMembers(add.accountId(), add.memberIds());
				yield add.accountId();
			}
			case DeleteGroup delete -> {
				groups.deleteGroup(delete.accountId());
				yield delete.accountId();
			}
		};
	}

	private void capped(RunLog log, GroupPlanner.Capped capped) {
		log.failed(capped.operation(), cappedMessage(capped));
		jdbc.update("update group_link set capped = true, updated_at = ? where source_group_id = ?",
				Timestamp.from(clock.instant()), capped.group().id());
		events.publishEvent(new Happened(TenantContext.require(), AuditEntry.Actor.system(),
				"provisioning.group_capped", "group", capped.group().name(), AuditEntry.Outcome.FAILURE,
				Map.of("members", capped.members(), "capacity", capped.capacity()))
			.evenIfRolledBack());
	}

	/**
	 * Deletes or empties a retired group ({@link GroupPlanner}), then forgets it; a group
	 * already deleted in ShareFile is only forgotten.
	 */
	private void retire(RunLog log, GroupPlanner.Retire retire, GroupOps groups) {
		if (retire.operation() != null) {
			try {
				call(retire.operation(), groups);
				log.applied(retire.operation());
			}
			catch (ConnectorException ex) {
				if (ex.retryable()) {
					throw ex;
				}
				if (ex.kind() != ConnectorException.Kind.UNKNOWN_ID) {
					log.failed(retire.operation(), ex.getMessage());
					return;
				}
				// already deleted in ShareFile: only the link is left to forget
			}
		}
		jdbc.update("delete from group_link where source_group_id = ?", retire.link().sourceGroupId());
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
			events.publishEvent(new Happened(TenantContext.require(), AuditEntry.Actor.system(),
					"provisioning." + operation.kind().name().toLowerCase(java.util.Locale.ROOT), "group",
					operation.label(), AuditEntry.Outcome.SUCCESS, details)
				.evenIfRolledBack());
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
