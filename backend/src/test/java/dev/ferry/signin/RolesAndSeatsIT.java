package dev.ferry.signin;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import dev.ferry.audit.AuditEntry;
import dev.ferry.system.TenantContext;
import dev.ferry.tenant.GroupRoles;
import dev.ferry.tenant.Member;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Membership;
import dev.ferry.tenant.Memberships;
import dev.ferry.tenant.NewTenant;
import dev.ferry.tenant.NotAMemberException;
import dev.ferry.tenant.OktaIdentity;
import dev.ferry.tenant.Role;
import dev.ferry.tenant.Tenant;
import dev.ferry.tenant.TenantKind;
import dev.ferry.tenant.Tenants;
import dev.ferry.tenant.TestTenants;
import dev.ferry.test.FerryIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Security review findings 1 and 2 (docs/security.md): nobody raises their own role, and
 * every request is decided on the member's seat as it is now, not as it was at sign-in.
 */
@FerryIntegrationTest
class RolesAndSeatsIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	Tenants tenants;

	@Autowired
	Members members;

	@Autowired
	Memberships memberships;

	@Autowired
	GroupRoles groupRoles;

	@Autowired
	JdbcTemplate jdbc;

	MockMvc mvc;

	Tenant acme;

	@BeforeEach
	void setUp() {
		mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
		acme = TestTenants.create(tenants, members, "seats-acme", TenantKind.CUSTOMER, "https://acme.okta.com",
				"owner@acme.example");
	}

	@Test
	void anAdminCannotMapAGroupToAnyRoleLetAloneOwner() throws Exception {
		FerryUser admin = TestUsers.user(acme.oktaIssuer(), "00uadmin", "admin@acme.example",
				List.of(TestTenants.membership(acme, Role.ADMIN)));
		int page = status(admin, HttpMethod.GET, "/settings/sign-in", Map.of());
		int put = status(admin, HttpMethod.POST, "/settings/sign-in", Map.of("group", "Everyone", "role", "OWNER"));
		assertThat(page).isEqualTo(403);
		assertThat(put).isEqualTo(403);
		assertThat(TenantContext.call(acme.id(), groupRoles::list)).isEmpty();
	}

	@Test
	void anOwnerMapsGroupsAndNobodyGrantsARoleAboveTheirOwn() throws Exception {
		FerryUser owner = TestUsers.user(acme.oktaIssuer(), "00uowner", "owner@acme.example",
				List.of(TestTenants.membership(acme, Role.OWNER)));
		assertThat(status(owner, HttpMethod.POST, "/settings/sign-in", Map.of("group", "IT", "role", "ADMIN")))
			.isEqualTo(302);
		assertThat(TenantContext.call(acme.id(), groupRoles::list)).extracting(GroupRoles.GroupRole::role)
			.containsExactly(Role.ADMIN);
		// the services refuse too, whoever calls them
		TenantContext.run(acme.id(), () -> {
			assertThatThrownBy(() -> groupRoles.put("Everyone", Role.OWNER, AuditEntry.Actor.system(), Role.ADMIN))
				.isInstanceOf(Members.MemberRuleException.class);
			assertThatThrownBy(
					() -> members.invite("new@acme.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.ADMIN))
				.isInstanceOf(Members.MemberRuleException.class);
		});
		assertThat(TenantContext.call(acme.id(), groupRoles::list)).hasSize(1);
	}

	@Test
	void aRaiseThroughAGroupMappingIsAuditedAsItsOwnAction() {
		TenantContext.run(acme.id(), () -> {
			members.invite("ann@acme.example", Role.AUDITOR, null, AuditEntry.Actor.system(), Role.OWNER);
			groupRoles.put("Everyone", Role.OPERATOR, AuditEntry.Actor.system(), Role.OWNER);
		});
		memberships.admit(acme,
				new OktaIdentity(acme.oktaIssuer(), "00uann", "ann@acme.example", "Ann", List.of("Everyone")));
		memberships.admit(acme,
				new OktaIdentity(acme.oktaIssuer(), "00ubob", "bob@acme.example", "Bob", List.of("Everyone")));
		assertThat(memberships.current(acme.oktaIssuer(), "00uann")).extracting(Membership::role)
			.containsExactly(Role.OPERATOR);
		List<Map<String, Object>> events = TenantContext.call(acme.id(),
				() -> jdbc.queryForList("select action, target_id, details::text as details from audit_event "
						+ "where action like 'member.%by_group' order by chain_seq"));
		assertThat(events).extracting(row -> row.get("action") + " " + row.get("target_id"))
			.containsExactly("member.role_raised_by_group ann@acme.example",
					"member.seat_granted_by_group bob@acme.example");
		assertThat((String) events.get(0).get("details")).contains("\"group\": \"Everyone\"")
			.contains("\"before\": \"AUDITOR\"")
			.contains("\"after\": \"OPERATOR\"");
	}

	@Test
	void aGroupMappingDoesNotGiveBackASeatAnOwnerTookAway() {
		TenantContext.run(acme.id(), () -> {
			members.invite("cy@acme.example", Role.ADMIN, null, AuditEntry.Actor.system(), Role.OWNER);
			groupRoles.put("Everyone", Role.OPERATOR, AuditEntry.Actor.system(), Role.OWNER);
		});
		OktaIdentity cy = new OktaIdentity(acme.oktaIssuer(), "00ucy", "cy@acme.example", "Cy", List.of("Everyone"));
		memberships.admit(acme, cy);
		TenantContext.run(acme.id(),
				() -> members.remove(member("cy@acme.example").id(), AuditEntry.Actor.system(), Role.OWNER));
		// signing in again through the mapping: refused, and the refusal to apply it is
		// audited
		assertThatThrownBy(() -> memberships.admit(acme, cy)).isInstanceOf(NotAMemberException.class);
		assertThat(TenantContext.call(acme.id(),
				() -> jdbc.queryForObject(
						"select count(*) from audit_event where action = 'member.mapping_not_applied'", Long.class)))
			.isEqualTo(1);
		// an owner's new invitation lets mappings apply again
		TenantContext.run(acme.id(),
				() -> members.invite("cy@acme.example", Role.AUDITOR, null, AuditEntry.Actor.system(), Role.OWNER));
		assertThat(memberships.admit(acme, cy)).extracting(Membership::role).containsExactly(Role.OPERATOR);
	}

	@Test
	void aRemovedMemberIsRefusedOnTheirNextRequestWithTheSameSession() throws Exception {
		FerryUser admin = TestUsers.user(acme.oktaIssuer(), "00uleaver", "leaver@acme.example",
				List.of(TestTenants.membership(acme, Role.ADMIN)));
		assertThat(status(admin, HttpMethod.GET, "/", Map.of())).isEqualTo(200);
		Member leaver = member("leaver@acme.example");
		TenantContext.run(acme.id(), () -> members.remove(leaver.id(), AuditEntry.Actor.system(), Role.OWNER));
		assertThat(status(admin, HttpMethod.GET, "/", Map.of())).isEqualTo(404);
		assertThat(status(admin, HttpMethod.POST, "/settings/sign-in", Map.of("group", "x", "role", "ADMIN")))
			.isEqualTo(404);
	}

	@Test
	void aDemotionAppliesToTheVeryNextRequest() throws Exception {
		FerryUser second = TestUsers.user(acme.oktaIssuer(), "00usecond", "second@acme.example",
				List.of(TestTenants.membership(acme, Role.OWNER)));
		assertThat(status(second, HttpMethod.GET, "/settings/sign-in", Map.of())).isEqualTo(200);
		Member member = member("second@acme.example");
		TenantContext.run(acme.id(),
				() -> members.changeRole(member.id(), Role.ADMIN, AuditEntry.Actor.system(), Role.OWNER));
		assertThat(status(second, HttpMethod.GET, "/settings/sign-in", Map.of())).isEqualTo(403);
		assertThat(status(second, HttpMethod.GET, "/", Map.of())).isEqualTo(200);
	}

	@Test
	void anMspTechnicianRemovedFromTheMspLosesEveryCustomerSeatHeldThroughIt() {
		Tenant msp = tenants.create(new NewTenant(TestTenants.uniqueSlug("seats-msp"), "Seats MSP", TenantKind.MSP,
				null, "https://msp.okta.com", "ferry-portal", "secret", List.of()));
		Tenant customer = tenants.create(new NewTenant(TestTenants.uniqueSlug("seats-cust"), "Seats Customer",
				TenantKind.CUSTOMER, msp.slug(), "https://cust.okta.com", "ferry-portal", "secret", List.of()));
		TenantContext.run(msp.id(), () -> {
			members.invite("boss@msp.example", Role.OWNER, null, AuditEntry.Actor.system(), Role.OWNER);
			members.invite("tech@msp.example", Role.OPERATOR, null, AuditEntry.Actor.system(), Role.OWNER);
		});
		TenantContext.run(customer.id(),
				() -> members.invite("tech@msp.example", Role.ADMIN, msp.id(), AuditEntry.Actor.system(), Role.OWNER));
		memberships.admit(msp, new OktaIdentity(msp.oktaIssuer(), "00utech", "tech@msp.example", "Tech", List.of()));
		assertThat(memberships.current(msp.oktaIssuer(), "00utech")).extracting(Membership::slug)
			.containsExactlyInAnyOrder(msp.slug(), customer.slug());

		Member tech = TenantContext.call(msp.id(),
				() -> members.list()
					.stream()
					.filter(m -> m.login().equals("tech@msp.example"))
					.findFirst()
					.orElseThrow());
		TenantContext.run(msp.id(), () -> members.remove(tech.id(), AuditEntry.Actor.system(), Role.OWNER));
		assertThat(memberships.current(msp.oktaIssuer(), "00utech")).isEmpty();
	}

	private Member member(String login) {
		return TenantContext.call(acme.id(),
				() -> members.list().stream().filter(m -> m.login().equals(login)).findFirst().orElseThrow());
	}

	private int status(FerryUser user, HttpMethod method, String path, Map<String, String> form) throws Exception {
		var request = request(method, "/t/" + acme.slug() + path).with(authentication(TestUsers.authentication(user)))
			.with(csrf());
		form.forEach(request::param);
		return mvc.perform(request).andReturn().getResponse().getStatus();
	}

}
