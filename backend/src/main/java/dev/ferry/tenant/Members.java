package dev.ferry.tenant;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditEntry.Actor;
import dev.ferry.audit.AuditLog;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.internal.MemberRepository;
import dev.ferry.tenant.internal.TenantRepository;

/** The members of the current organisation: invite, change roles, remove (never the last owner). */
@Service
public class Members {

	private final MemberRepository members;

	private final TenantRepository tenants;

	private final AuditLog audit;

	private final Clock clock;

	Members(MemberRepository members, TenantRepository tenants, AuditLog audit, Clock clock) {
		this.members = members;
		this.tenants = tenants;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<Member> list() {
		return members.findAllByOrderByLogin();
	}

	/**
	 * Invites a person by their Okta login. They sign in with this organisation's Okta, or with their
	 * MSP's when {@code viaMsp} is given.
	 */
	@Transactional
	public Member invite(String login, Role role, UUID viaMsp, Actor actor) {
		Tenant tenant = tenants.findById(TenantContext.require()).orElseThrow();
		String issuer = tenant.oktaIssuer();
		if (viaMsp != null) {
			issuer = tenants.findById(viaMsp).orElseThrow().oktaIssuer();
		}
		String normalised = login.strip().toLowerCase(Locale.ROOT);
		if (members.findByIssuerAndLogin(issuer, normalised).isPresent()) {
			throw new MemberRuleException(normalised + " is already a member.");
		}
		Member member = members.save(new Member(UUID.randomUUID(), issuer, normalised, role, viaMsp, clock.instant()));
		audit.record(new AuditEntry(TenantContext.require(), actor, "member.invited", "member", normalised,
				AuditEntry.Outcome.SUCCESS, java.util.Map.of("login", normalised, "role", role.name())));
		return member;
	}

	@Transactional
	public Member changeRole(UUID memberId, Role role, Actor actor) {
		Member member = members.findById(memberId).orElseThrow(() -> new MemberRuleException("No such member."));
		if (member.role() == Role.OWNER && role != Role.OWNER && members.countByRole(Role.OWNER) <= 1) {
			throw new MemberRuleException("An organisation always keeps at least one owner: make someone else "
					+ "owner first.");
		}
		Role before = member.role();
		member.changeRole(role);
		audit.record(new AuditEntry(TenantContext.require(), actor, "member.role_changed", "member", member.login(),
				AuditEntry.Outcome.SUCCESS,
				java.util.Map.of("role", java.util.Map.of("before", before.name(), "after", role.name()))));
		return member;
	}

	@Transactional
	public Member remove(UUID memberId, Actor actor) {
		Member member = members.findById(memberId).orElseThrow(() -> new MemberRuleException("No such member."));
		if (member.role() == Role.OWNER && members.countByRole(Role.OWNER) <= 1) {
			throw new MemberRuleException("The last owner cannot be removed: make someone else owner first.");
		}
		members.delete(member);
		audit.record(new AuditEntry(TenantContext.require(), actor, "member.removed", "member", member.login(),
				AuditEntry.Outcome.SUCCESS, java.util.Map.of("login", member.login(), "role", member.role().name())));
		return member;
	}

	/** A rule about members was broken; the message says which and what to do. */
	public static class MemberRuleException extends RuntimeException {

		public MemberRuleException(String message) {
			super(message);
		}

	}

}
