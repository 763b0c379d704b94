package dev.ferry.tenant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.Happened;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.internal.MemberRepository;
import dev.ferry.tenant.internal.TenantRepository;

/**
 * Decides, at each sign-in, which organisations a person may enter and with which role:
 * the first person of an onboarding organisation becomes its OWNER, invited people take
 * their seats, Okta groups mapped to roles grant or raise a seat, and MSP staff reach the
 * customers their MSP manages.
 */
@Service
public class Memberships {

	private final TenantRepository tenants;

	private final MemberRepository members;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final EmailDomains emailDomains;

	Memberships(TenantRepository tenants, MemberRepository members, JdbcTemplate jdbc, TransactionTemplate transactions,
			Clock clock, ApplicationEventPublisher events, EmailDomains emailDomains) {
		this.events = events;
		this.emailDomains = emailDomains;
		this.tenants = tenants;
		this.members = members;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * @param through the organisation whose identity provider the person signed in with
	 * @return every organisation the person may now enter, the one signed in through
	 * first
	 * @throws NotAMemberException when there is none
	 */
	public List<Membership> admit(Tenant through, OktaIdentity identity) {
		Instant now = clock.instant();
		TenantContext.run(through.id(), () -> transactions.executeWithoutResult(status -> {
			Tenant tenant = tenants.findById(through.id()).orElseThrow();
			if (tenant.status() == TenantStatus.ONBOARDING) {
				if (members.count() == 0) {
					members.save(
							new Member(UUID.randomUUID(), identity.issuer(), identity.login(), Role.OWNER, null, now));
					emailDomains.claimForFirstOwner(tenant.id(), identity.verifiedEmail());
				}
				tenant.activate();
			}
			if (!Boolean.valueOf(identity.groupsSent()).equals(tenant.groupsClaimSeen())) {
				// the sign-in settings page says when the provider sends no groups
				tenant.groupsClaimSeen(identity.groupsSent());
			}
			grantMappedRole(identity, now);
		}));
		List<Map<String, Object>> rows = jdbc.queryForList(
				"select tenant_id, role from ferry_memberships_of(?, ?, ?, ?, ?)", identity.issuer(),
				identity.subject(), identity.login(), identity.name(), Timestamp.from(now));
		List<Membership> result = new ArrayList<>();
		for (Map<String, Object> row : rows) {
			tenants.findById((UUID) row.get("tenant_id"))
				.ifPresent(tenant -> result.add(new Membership(tenant.id(), tenant.slug(), tenant.displayName(),
						tenant.kind(), Role.valueOf((String) row.get("role")))));
		}
		if (result.isEmpty()) {
			throw new NotAMemberException(through.displayName(), identity.login());
		}
		result.sort(Comparator.comparing((Membership m) -> !m.tenantId().equals(through.id()))
			.thenComparing(Membership::displayName));
		return result;
	}

	/**
	 * Every organisation the person may enter now, with their role there, ordered by
	 * name: read for every portal request, so that a removal or a role change applies at
	 * once. A seat held through an MSP counts only while the MSP manages that customer
	 * and the person is still a member of the MSP.
	 */
	@Transactional(readOnly = true)
	public List<Membership> current(String issuer, String subject) {
		return jdbc.query(
				"select tenant_id, slug, display_name, kind, role from ferry_seats_of(?, ?) order by display_name",
				(rows, i) -> new Membership(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
						TenantKind.valueOf(rows.getString(4)), Role.valueOf(rows.getString(5))),
				issuer, subject);
	}

	/**
	 * An Okta group mapped to a role gives that role: a new seat, or a raise of an
	 * existing one. Either is audited as its own action
	 * ({@code member.seat_granted_by_group}, {@code member.role_raised_by_group}), naming
	 * the group, because it changes who may do what without anyone pressing a button.
	 */
	private void grantMappedRole(OktaIdentity identity, Instant now) {
		if (identity.groups().isEmpty()) {
			return;
		}
		Role mapped = null;
		String byGroup = null;
		for (Map<String, Object> row : jdbc
			.queryForList("select group_name, role from okta_group_role order by group_name")) {
			String group = (String) row.get("group_name");
			Role role = Role.valueOf((String) row.get("role"));
			if (identity.groups().contains(group) && role.max(mapped) == role && role != mapped) {
				mapped = role;
				byGroup = group;
			}
		}
		if (mapped == null) {
			return;
		}
		Integer revoked = jdbc.queryForObject(
				"select count(*) from seat_revocation where issuer = ? " + "and (login = ? or subject = ?)",
				Integer.class, identity.issuer(), identity.login(), identity.subject());
		if (revoked != null && revoked > 0) {
			// removed or demoted by an owner: a mapping does not undo that; an invitation
			// or a raise does
			events.publishEvent(new Happened(TenantContext.require(),
					AuditEntry.Actor.member(identity.subject(), identity.name()), "member.mapping_not_applied",
					"member", identity.login(), AuditEntry.Outcome.DENIED, Map.of("login", identity.login(), "group",
							byGroup, "role", mapped.name(), "reason", "removed or demoted by an owner")));
			return;
		}
		Member member = members.findByIssuerAndSubject(identity.issuer(), identity.subject())
			.or(() -> members.findByIssuerAndLogin(identity.issuer(), identity.login()))
			.orElse(null);
		AuditEntry.Actor actor = AuditEntry.Actor.member(identity.subject(), identity.name());
		if (member == null) {
			members.save(new Member(UUID.randomUUID(), identity.issuer(), identity.login(), mapped, null, now));
			events.publishEvent(new Happened(TenantContext.require(), actor, "member.seat_granted_by_group", "member",
					identity.login(), AuditEntry.Outcome.SUCCESS,
					Map.of("login", identity.login(), "group", byGroup, "role", mapped.name())));
		}
		else if (mapped.max(member.role()) != member.role()) {
			Role before = member.role();
			member.changeRole(mapped);
			events.publishEvent(new Happened(TenantContext.require(), actor, "member.role_raised_by_group", "member",
					identity.login(), AuditEntry.Outcome.SUCCESS, Map.of("login", identity.login(), "group", byGroup,
							"role", Map.of("before", before.name(), "after", mapped.name()))));
		}
	}

}
