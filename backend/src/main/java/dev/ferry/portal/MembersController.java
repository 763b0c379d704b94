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
class MembersController {

	private static final String LOGIN_SHAPE = "^[^\\s@<>\"']{1,64}@[A-Za-z0-9.-]{1,190}$";

	private final Members members;

	MembersController(Members members) {
		this.members = members;
	}

	@GetMapping("/t/{slug}/members")
	String list(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "members");
		model.addAttribute("members", members.list());
		model.addAttribute("roles", Arrays.asList(Role.values()));
		model.addAttribute("manageMembers", Role.Permission.MANAGE_MEMBERS);
		return "portal/members";
	}

	@PostMapping("/t/{slug}/members")
	@RequiresPermission(Role.Permission.MANAGE_MEMBERS)
	String invite(@PathVariable String slug, @RequestParam(defaultValue = "") String login,
			@RequestParam(defaultValue = "") String role, @AuthenticationPrincipal FerryUser user, CurrentTenant tenant,
			RedirectAttributes flash) {
		Role chosen = parseRole(role);
		String trimmed = login.strip();
		if (!trimmed.matches(LOGIN_SHAPE) || chosen == null) {
			Flash.error("members.flash.loginAndRole").showAfterRedirect(flash);
			return "redirect:/t/" + slug + "/members";
		}
		try {
			Member invited = members.invite(trimmed, chosen, null, actor(user), tenant.role());
			Flash.success("members.flash.invited", invited.login(), inSentence(chosen)).showAfterRedirect(flash);
		}
		catch (Members.MemberRuleException ex) {
			refused(ex).showAfterRedirect(flash);
		}
		return "redirect:/t/" + slug + "/members";
	}

	@PostMapping("/t/{slug}/members/{id}/role")
	@RequiresPermission(Role.Permission.MANAGE_MEMBERS)
	String changeRole(@PathVariable String slug, @PathVariable UUID id, @RequestParam(defaultValue = "") String role,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, RedirectAttributes flash) {
		Role chosen = parseRole(role);
		if (chosen == null) {
			Flash.error("members.flash.chooseRole").showAfterRedirect(flash);
			return "redirect:/t/" + slug + "/members";
		}
		try {
			Member changed = members.changeRole(id, chosen, actor(user), tenant.role());
			Flash.success("members.flash.roleChanged", changed.login(), inSentence(chosen)).showAfterRedirect(flash);
		}
		catch (Members.MemberRuleException ex) {
			refused(ex).showAfterRedirect(flash);
		}
		return "redirect:/t/" + slug + "/members";
	}

	@PostMapping("/t/{slug}/members/{id}/remove")
	@RequiresPermission(Role.Permission.MANAGE_MEMBERS)
	String remove(@PathVariable String slug, @PathVariable UUID id, @AuthenticationPrincipal FerryUser user,
			CurrentTenant tenant, RedirectAttributes flash) {
		try {
			Member removed = members.remove(id, actor(user), tenant.role());
			Flash.success("members.flash.removed", removed.login()).showAfterRedirect(flash);
		}
		catch (Members.MemberRuleException ex) {
			refused(ex).showAfterRedirect(flash);
		}
		return "redirect:/t/" + slug + "/members";
	}

	private static Role parseRole(String role) {
		return Arrays.stream(Role.values()).filter(candidate -> candidate.name().equals(role)).findFirst().orElse(null);
	}

	/**
	 * Members refuses with a sentence written for the person ("The last owner cannot be
	 * removed: make someone else owner first."), so the flash passes it on as it is.
	 */
	private static Flash refused(Members.MemberRuleException ex) {
		return Flash.error(Flash.DETAIL, ex.getMessage());
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
