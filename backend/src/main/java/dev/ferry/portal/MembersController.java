package dev.ferry.portal;

import java.util.Arrays;
import java.util.UUID;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.audit.AuditEntry;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.tenant.Member;
import dev.ferry.tenant.Members;
import dev.ferry.tenant.Role;

/**
 * Who may enter the organisation: invite by Okta login, change roles, remove. Owners only
 * change.
 */
@Controller
@RequestMapping("/t/{slug}/members")
@OnRefusal("/t/{slug}/members")
class MembersController {

	private static final String LOGIN_SHAPE = "^[^\\s@<>\"']{1,64}@[A-Za-z0-9.-]{1,190}$";

	private static final String MEMBERS = "redirect:/t/{slug}/members";

	private final Members members;

	MembersController(Members members) {
		this.members = members;
	}

	@GetMapping
	String list(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "members");
		model.addAttribute("members", members.list());
		model.addAttribute("roles", Arrays.asList(Role.values()));
		model.addAttribute("manageMembers", Role.Permission.MANAGE_MEMBERS);
		return "portal/members";
	}

	/** Members' refusals ({@link Members.MemberRuleException}) go back to the list. */
	@PostMapping
	@RequiresPermission(Role.Permission.MANAGE_MEMBERS)
	String invite(@RequestParam(defaultValue = "") String login, @RequestParam(defaultValue = "") String role,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, RedirectAttributes flash) {
		Role chosen = parseRole(role);
		String trimmed = login.strip();
		if (!trimmed.matches(LOGIN_SHAPE) || chosen == null) {
			Flash.error("members.flash.loginAndRole").showAfterRedirect(flash);
			return MEMBERS;
		}
		Member invited = members.invite(trimmed, chosen, null, actor(user), tenant.role());
		Flash.success("members.flash.invited", invited.login(), inSentence(chosen)).showAfterRedirect(flash);
		return MEMBERS;
	}

	@PostMapping("/{id}/role")
	@RequiresPermission(Role.Permission.MANAGE_MEMBERS)
	String changeRole(@PathVariable UUID id, @RequestParam(defaultValue = "") String role,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, RedirectAttributes flash) {
		Role chosen = parseRole(role);
		if (chosen == null) {
			Flash.error("members.flash.chooseRole").showAfterRedirect(flash);
			return MEMBERS;
		}
		Member changed = members.changeRole(id, chosen, actor(user), tenant.role());
		Flash.success("members.flash.roleChanged", changed.login(), inSentence(chosen)).showAfterRedirect(flash);
		return MEMBERS;
	}

	@PostMapping("/{id}/remove")
	@RequiresPermission(Role.Permission.MANAGE_MEMBERS)
	String remove(@PathVariable UUID id, @AuthenticationPrincipal FerryUser user, CurrentTenant tenant,
			RedirectAttributes flash) {
		Member removed = members.remove(id, actor(user), tenant.role());
		Flash.success("members.flash.removed", removed.login()).showAfterRedirect(flash);
		return MEMBERS;
	}

	private static Role parseRole(String role) {
		return Arrays.stream(Role.values()).filter(candidate -> candidate.name().equals(role)).findFirst().orElse(null);
	}

	/**
	 * A role's name as it reads mid-sentence ("is now admin"), resolved from the bundle
	 * with the flash.
	 */
	static MessageSourceResolvable inSentence(Role role) {
		return new DefaultMessageSourceResolvable("role.inSentence." + role.name());
	}

	static AuditEntry.Actor actor(FerryUser user) {
		return AuditEntry.Actor.member(user.getSubject(), user.displayName());
	}

}
