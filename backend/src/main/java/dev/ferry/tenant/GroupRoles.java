package dev.ferry.tenant;

import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;

/**
 * Okta groups that give a Ferry role in the current organisation: a person whose ID
 * token's {@code groups} claim names one gets that role at sign-in (a new seat, or a
 * raise). Managing them is managing members (the portal asks for {@code MANAGE_MEMBERS}),
 * and nobody maps a role above their own.
 */
@Service
public class GroupRoles {

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	GroupRoles(JdbcTemplate jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	@Transactional(readOnly = true)
	public List<GroupRole> list() {
		TenantContext.require();
		return jdbc.query("select group_name, role from okta_group_role order by group_name",
				(rows, i) -> new GroupRole(rows.getString(1), Role.valueOf(rows.getString(2))));
	}

	/**
	 * @param grantorRole the role of whoever maps it: nobody maps a group to a role above
	 * their own
	 * @throws Members.MemberRuleException when the role is above the grantor's
	 * @throws Refusal when the group's name is empty, too long or unprintable
	 */
	@Transactional
	public void put(String groupName, Role role, AuditEntry.Actor actor, Role grantorRole) {
		if (!role.grantableBy(grantorRole)) {
			throw new Members.MemberRuleException("members.flash.aboveOwnRole");
		}
		String name = groupName.strip();
		if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(c -> c < 0x20)) {
			throw new Refusal("groupRoles.flash.groupName");
		}
		jdbc.update(
				"insert into okta_group_role (tenant_id, group_name, role) values (?, ?, ?) "
						+ "on conflict (tenant_id, group_name) do update set role = excluded.role",
				TenantContext.require(), name, role.name());
		events.publishEvent(new Happened(TenantContext.require(), actor, "signin.group_role.set", "okta_group", name,
				AuditEntry.Outcome.SUCCESS, Map.of("group", name, "role", role.name())));
	}

	@Transactional
	public void remove(String groupName, AuditEntry.Actor actor) {
		int removed = jdbc.update("delete from okta_group_role where group_name = ?", groupName);
		if (removed > 0) {
			events.publishEvent(new Happened(TenantContext.require(), actor, "signin.group_role.removed", "okta_group",
					groupName, AuditEntry.Outcome.SUCCESS, Map.of("group", groupName)));
		}
	}

	public record GroupRole(String groupName, Role role) {
	}

}
