package dev.ferry.portal;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.ferry.signin.Seats;
import dev.ferry.signin.SignedIn;
import dev.ferry.tenant.Member;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;
import dev.ferry.test.PortalSlice;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The members page's decisions, without a database: what an invitation must look like
 * before Members is asked, which role the owner's own role is checked against, how the
 * membership rules' refusals come back, and that only owners change anything.
 */
@PortalSlice(MembersController.class)
class MembersControllerTest {

	private static final String PAGE = "/t/acme/members";

	@Autowired
	MockMvc mvc;

	@Autowired
	Seats seats;

	@MockitoBean
	Members members;

	SignedIn owner;

	@BeforeEach
	void acme() {
		owner = SignedIn.as(Role.OWNER, "acme", seats);
	}

	@Test
	void everyMemberSeesTheList() throws Exception {
		mvc.perform(get(PAGE).with(SignedIn.as(Role.AUDITOR, "acme", seats)))
			.andExpect(status().isOk())
			.andExpect(view().name("portal/members"))
			.andExpect(model().attribute("members", List.of()))
			.andExpect(model().attribute("roles", List.of(Role.values())));
	}

	@Test
	void anInvitationWithoutALoginOrARoleIsRefusedBeforeMembersIsAsked() throws Exception {
		for (String[] bad : new String[][] { { "ada", "ADMIN" }, { "ada@acme.example", "" },
				{ "ada@acme.example", "GOD" }, { "<b>@acme.example", "ADMIN" }, { "", "ADMIN" } }) {
			mvc.perform(post(PAGE).with(owner).param("login", bad[0]).param("role", bad[1]))
				.andExpect(redirectedUrl(PAGE))
				.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("members.flash.loginAndRole")));
		}
		verify(members, never()).invite(anyString(), any(), any(), any(), any());
	}

	@Test
	void anInvitationIsMadeWithTheInvitersRoleAndTheTypedLoginTrimmed() throws Exception {
		Member ada = member("ada@acme.example");
		given(members.invite("ada@acme.example", Role.ADMIN, null, owner.actor(), Role.OWNER)).willReturn(ada);
		mvc.perform(post(PAGE).with(owner).param("login", "  ada@acme.example ").param("role", "ADMIN"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("members.flash.invited", "ada@acme.example",
					new DefaultMessageSourceResolvable("role.inSentence.ADMIN"))));
	}

	@Test
	void aMembershipRuleRefusesOnTheMembersPageOrInTheFlashAreaForHtmx() throws Exception {
		UUID id = UUID.randomUUID();
		given(members.remove(id, owner.actor(), Role.OWNER))
			.willThrow(new Members.MemberRuleException("members.flash.lastOwner"));
		mvc.perform(post(PAGE + "/" + id + "/remove").with(owner))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("members.flash.lastOwner")));
		mvc.perform(post(PAGE + "/" + id + "/remove").with(owner).header("HX-Request", "true"))
			.andExpect(view().name("fragments/layout :: flashMessage"))
			.andExpect(header().string("HX-Retarget", "#flash"))
			.andExpect(model().attribute(Flash.ATTRIBUTE, Flash.error("members.flash.lastOwner")));
	}

	@Test
	void aRoleChangeNeedsOneOfTheRoles() throws Exception {
		UUID id = UUID.randomUUID();
		mvc.perform(post(PAGE + "/" + id + "/role").with(owner).param("role", "owner"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.error("members.flash.chooseRole")));
		verifyNoMoreInteractions(members);

		Member ada = member("ada@acme.example");
		given(members.changeRole(id, Role.AUDITOR, owner.actor(), Role.OWNER)).willReturn(ada);
		mvc.perform(post(PAGE + "/" + id + "/role").with(owner).param("role", "AUDITOR"))
			.andExpect(redirectedUrl(PAGE))
			.andExpect(flash().attribute(Flash.ATTRIBUTE, Flash.success("members.flash.roleChanged", "ada@acme.example",
					new DefaultMessageSourceResolvable("role.inSentence.AUDITOR"))));
	}

	@Test
	void anAdminSeesTheListButChangesNobody() throws Exception {
		SignedIn admin = SignedIn.as(Role.ADMIN, "acme", seats);
		UUID id = UUID.randomUUID();
		mvc.perform(post(PAGE).with(admin).param("login", "eve@acme.example").param("role", "OWNER"))
			.andExpect(status().isForbidden());
		mvc.perform(post(PAGE + "/" + id + "/role").with(admin).param("role", "OWNER"))
			.andExpect(status().isForbidden());
		mvc.perform(post(PAGE + "/" + id + "/remove").with(admin)).andExpect(status().isForbidden());
		verifyNoMoreInteractions(members);
	}

	private static Member member(String login) {
		Member member = mock(Member.class);
		given(member.login()).willReturn(login);
		return member;
	}

}
