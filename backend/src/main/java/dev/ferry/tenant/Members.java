package dev.ferry.tenant;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ferry.audit.AuditEntry;
import dev.ferry.audit.AuditEntry.Actor;
import dev.ferry.audit.Diff;
import dev.ferry.audit.Happened;
import dev.ferry.system.Refusal;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.internal.MemberRepository;
import dev.ferry.tenant.internal.TenantRepository;

/**
 * The members of the current organisation: invite, change roles, remove (never the last
 * owner, never above the role of whoever does it). A removal or a demotion is published
 * as {@link SeatRevoked}, so the person's open sessions end.
 */
@Service
public class Members {

	private final MemberRepository members;

	private final TenantRepository tenants;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final JdbcTemplate jdbc;

	Members(MemberRepository members, TenantRepository tenants, Clock clock, ApplicationEventPublisher events,
			JdbcTemplate jdbc) {
		this.events = events;
		this.jdbc = jdbc;
		this.members = members;
		this.tenants = tenants;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<Member> list() {
		return members.findAllByOrderByLogin();
	}

	/** How many members the current organisation has (the dashboard). */
	@Transactional(readOnly = true)
	public long count() {
		return members.count();
	}

	/**
	 * Invites a person by their Okta login. They sign in with this organisation's Okta,
	 * or with their MSP's when {@code viaMsp} is given.
	 * @param grantorRole the role of whoever invites: nobody gives a role above their own
	 */
	@Transactional
	public Member invite(String login, Role role, UUID viaMsp, Actor actor, Role grantorRole) {
		requireAtMost(role, grantorRole);
		Tenant tenant = tenants.findById(TenantContext.require()).orElseThrow();
		String issuer = tenant.oktaIssuer();
		if (viaMsp != null) {
			issuer = tenants.findById(viaMsp).orElseThrow().oktaIssuer();
		}
		String normalised = login.strip().toLowerCase(Locale.ROOT);
		if (members.findByIssuerAndLogin(issuer, normalised).isPresent()) {
			throw new MemberRuleException("members.flash.alreadyMember", normalised);
		}
		Member member = members.save(new Member(UUID.randomUUID(), issuer, normalised, role, viaMsp, clock.instant()));
		// an owner's invitation undoes an earlier removal: group mappings apply to this
		// person again
		jdbc.update("delete from seat_revocation where issuer = ? and login = ?", issuer, normalised);
		events.publishEvent(new Happened(TenantContext.require(), actor, "member.invited", "member", normalised,
				AuditEntry.Outcome.SUCCESS, java.util.Map.of("login", normalised, "role", role.name())));
		return member;
	}

	/**
	 * Seats a signed-in member of an MSP in a customer that MSP manages (the current
	 * organisation), taken at once: the MSP console adds a customer and its member works
	 * in it without signing in again. Their seat counts only while the MSP manages the
	 * customer and they are in the MSP (ferry_seats_of).
	 */
	@Transactional
	public Member seatMspStaff(UUID msp, String issuer, String subject, String login, String displayName, Role role,
			Actor actor) {
		Tenant customer = tenants.findById(TenantContext.require()).orElseThrow();
		Tenant manager = tenants.findById(msp).orElseThrow();
		if (!msp.equals(customer.managedBy())) {
			throw new IllegalArgumentException(customer.slug() + " is not managed by " + manager.slug());
		}
		String normalised = login.strip().toLowerCase(Locale.ROOT);
		Member member = new Member(UUID.randomUUID(), issuer, normalised, role, msp, clock.instant());
		member.signedIn(subject, displayName, clock.instant());
		members.save(member);
		events.publishEvent(new Happened(TenantContext.require(), actor, "member.invited", "member", normalised,
				AuditEntry.Outcome.SUCCESS,
				java.util.Map.of("login", normalised, "role", role.name(), "via", manager.slug())));
		return member;
	}

	/**
	 * Changes a member's role. A demotion ends the member's open sessions
	 * ({@link SeatRevoked}).
	 * @param grantorRole the role of whoever changes it: nobody gives a role above their
	 * own, nor changes the role of someone above them
	 */
	@Transactional
	public Member changeRole(UUID memberId, Role role, Actor actor, Role grantorRole) {
		requireAtMost(role, grantorRole);
		Member member = members.findById(memberId)
			.orElseThrow(() -> new MemberRuleException("members.flash.noSuchMember"));
		requireAtMost(member.role(), grantorRole);
		if (member.role() == Role.OWNER && role != Role.OWNER && members.countByRole(Role.OWNER) <= 1) {
			throw new MemberRuleException("members.flash.keepAnOwner");
		}
		Role before = member.role();
		member.changeRole(role);
		if (role.max(before) == before && role != before) {
			revoke(member);
		}
		else if (role != before) {
			jdbc.update("delete from seat_revocation where issuer = ? and login = ?", member.issuer(), member.login());
		}
		events
			.publishEvent(new Happened(TenantContext.require(), actor, "member.role_changed", "member", member.login(),
					AuditEntry.Outcome.SUCCESS, java.util.Map.of("role", Diff.value(before.name(), role.name()))));
		return member;
	}

	/** Removes a member and ends their open sessions ({@link SeatRevoked}). */
	@Transactional
	public Member remove(UUID memberId, Actor actor, Role grantorRole) {
		Member member = members.findById(memberId)
			.orElseThrow(() -> new MemberRuleException("members.flash.noSuchMember"));
		requireAtMost(member.role(), grantorRole);
		if (member.role() == Role.OWNER && members.countByRole(Role.OWNER) <= 1) {
			throw new MemberRuleException("members.flash.lastOwner");
		}
		members.delete(member);
		revoke(member);
		events.publishEvent(new Happened(TenantContext.require(), actor, "member.removed", "member", member.login(),
				AuditEntry.Outcome.SUCCESS, java.util.Map.of("login", member.login(), "role", member.role().name())));
		return member;
	}

	/**
	 * Ends the person's open sessions (once this commits) and remembers the revocation,
	 * so that no Okta group mapping gives the seat or the role back at their next sign-in
	 * (until an owner invites them again or raises their role).
	 */
	private void revoke(Member member) {
		jdbc.update("""
				insert into seat_revocation (tenant_id, issuer, login, subject, revoked_at) values (?, ?, ?, ?, ?)
				on conflict (tenant_id, issuer, login) do update set subject = excluded.subject,
				    revoked_at = excluded.revoked_at""", TenantContext.require(), member.issuer(), member.login(),
				member.subject(), java.sql.Timestamp.from(clock.instant()));
		events
			.publishEvent(new SeatRevoked(TenantContext.require(), member.issuer(), member.subject(), member.login()));
	}

	private static void requireAtMost(Role role, Role grantorRole) {
		if (!role.grantableBy(grantorRole)) {
			throw new MemberRuleException("members.flash.aboveOwnRole");
		}
	}

	/**
	 * A rule about members was broken: a {@link Refusal} whose message key says which and
	 * what to do.
	 */
	public static class MemberRuleException extends Refusal {

		public MemberRuleException(String code, Object... args) {
			super(code, args);
		}

	}

}
