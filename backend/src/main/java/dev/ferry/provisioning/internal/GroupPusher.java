package dev.ferry.provisioning.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditLog;
import dev.ferry.connector.AccountGroup;
import dev.ferry.connector.AccountTarget;
import dev.ferry.connector.ConnectorException;
import dev.ferry.connector.IdentitySource;
import dev.ferry.connector.SourceGroup;
import dev.ferry.provisioning.Link;
import dev.ferry.provisioning.Operation;
import dev.ferry.provisioning.Operation.Change;
import dev.ferry.provisioning.Operation.Kind;
import dev.ferry.provisioning.ProvisioningConfig;
import dev.ferry.system.TenantContext;

/**
 * Push Groups: each chosen Okta group becomes a ShareFile distribution group with the same members
 * (those who have a linked, active account), renames followed, members added and removed in batches.
 * A group larger than ShareFile allows is reported on the run and in the audit log, never silently cut.
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

	void push(UUID run, ProvisioningConfig config, IdentitySource source, AccountTarget target) {
		Map<String, Link> linked = links.all();
		List<AccountGroup> existing = target.groups();
		for (SourceGroup group : source.groups()) {
			if (!config.groupPush().groups().contains(group.name())) {
				continue;
			}
			String name = config.groupPush().namePrefix() + group.name();
			Set<String> desired = new HashSet<>();
			for (String member : source.groupMembers(group.id())) {
				Link link = linked.get(member);
				if (link != null && !link.disabled()) {
					desired.add(link.accountId());
				}
			}
			if (desired.size() > target.groupCapacity()) {
				Operation refused = new Operation(Kind.ADD_MEMBERS, null, null, name,
						Map.of("members", new Change(null, desired.size())), Map.of());
				runs.record(run, refused, "FAILED", group.name() + " has " + desired.size() + " members with ShareFile "
						+ "accounts; a ShareFile distribution group holds at most " + target.groupCapacity()
						+ ". Split the Okta group, or push a smaller one.");
				runs.count(run, 0, 0, 1);
				audit.recordNow(new AuditEntry(TenantContext.require(), AuditEntry.Actor.system(), "provisioning.group_capped",
						"group", group.name(), AuditEntry.Outcome.FAILURE,
						Map.of("members", desired.size(), "capacity", target.groupCapacity())));
				continue;
			}
			try {
				pushOne(run, group, name, desired, existing, target);
			}
			catch (ConnectorException ex) {
				runs.record(run, new Operation(Kind.ADD_MEMBERS, null, null, name, Map.of(), Map.of()), "FAILED",
						ex.getMessage());
				runs.count(run, 0, 0, 1);
			}
		}
	}

	private void pushOne(UUID run, SourceGroup group, String name, Set<String> desired, List<AccountGroup> existing,
			AccountTarget target) {
		Optional<String> linkedId = jdbc.queryForList("select account_group_id from group_link where source_group_id = ?",
				String.class, group.id()).stream().findFirst();
		AccountGroup current = linkedId.flatMap(id -> existing.stream().filter(g -> g.id().equals(id)).findFirst())
			.or(() -> existing.stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst())
			.orElse(null);
		if (current == null) {
			AccountGroup created = target.createGroup(name, desired);
			applied(run, new Operation(Kind.CREATE_GROUP, null, created.id(), name,
					Map.of("members", new Change(0, desired.size())), Map.of()));
			save(group, created.id(), name, desired.size());
			return;
		}
		if (!current.name().equals(name)) {
			target.renameGroup(current.id(), name);
			applied(run, new Operation(Kind.RENAME_GROUP, null, current.id(), name,
					Map.of("name", new Change(current.name(), name)), Map.of()));
		}
		Set<String> add = new HashSet<>(desired);
		add.removeAll(current.memberIds());
		Set<String> remove = new HashSet<>(current.memberIds());
		remove.removeAll(desired);
		if (!add.isEmpty()) {
			target.addMembers(current.id(), add);
			applied(run, new Operation(Kind.ADD_MEMBERS, null, current.id(), name,
					Map.of("members", new Change(current.memberIds().size(), current.memberIds().size() + add.size())),
					Map.of("added", add.size())));
		}
		if (!remove.isEmpty()) {
			target.removeMembers(current.id(), remove);
			applied(run, new Operation(Kind.REMOVE_MEMBERS, null, current.id(), name,
					Map.of("members", new Change(current.memberIds().size() + add.size(), desired.size())),
					Map.of("removed", remove.size())));
		}
		save(group, current.id(), name, desired.size());
	}

	private void applied(UUID run, Operation operation) {
		runs.record(run, operation, "APPLIED", null);
		runs.count(run, 1, 0, 0);
		audit.recordNow(new AuditEntry(TenantContext.require(), AuditEntry.Actor.system(),
				"provisioning." + operation.kind().name().toLowerCase(), "group", operation.label(),
				AuditEntry.Outcome.SUCCESS, Map.of("changes", operation.changes().toString())));
	}

	private void save(SourceGroup group, String accountGroupId, String name, int members) {
		jdbc.update("insert into group_link (tenant_id, source_group_id, account_group_id, name, members, updated_at) "
				+ "values (?, ?, ?, ?, ?, ?) on conflict (tenant_id, source_group_id) do update set account_group_id = "
				+ "excluded.account_group_id, name = excluded.name, members = excluded.members, updated_at = excluded.updated_at",
				TenantContext.require(), group.id(), accountGroupId, name, members, Timestamp.from(clock.instant()));
	}

}
