package dev.ferry.portal;

import java.util.Arrays;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.tenant.GroupRoles;
import dev.ferry.tenant.Role;

/**
 * Which Okta groups give which Ferry role at sign-in. A mapping decides who becomes a
 * member and with which role, so it is members' business: only those who manage members
 * (owners) see or change it, and nobody maps a group to a role above their own.
 */
@Controller
@RequestMapping("/t/{slug}/settings/sign-in")
@RequiresPermission(Role.Permission.MANAGE_MEMBERS)
@OnRefusal("/t/{slug}/settings/sign-in")
class SignInSettingsController {

	private static final String PAGE = "redirect:/t/{slug}/settings/sign-in";

	private final GroupRoles groupRoles;

	SignInSettingsController(GroupRoles groupRoles) {
		this.groupRoles = groupRoles;
	}

	@GetMapping
	String page(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "members");
		model.addAttribute("mappings", groupRoles.list());
		model.addAttribute("roles", Arrays.asList(Role.values()));
		return "portal/signin-settings";
	}

	/**
	 * GroupRoles' refusals (a role above one's own, a group name that cannot be one) go
	 * back to this page.
	 */
	@PostMapping
	String put(@RequestParam(defaultValue = "") String group, @RequestParam(defaultValue = "") String role,
			@AuthenticationPrincipal FerryUser user, CurrentTenant tenant, RedirectAttributes flash) {
		Role chosen = Arrays.stream(Role.values()).filter(r -> r.name().equals(role)).findFirst().orElse(null);
		if (chosen == null) {
			Flash.error("members.flash.chooseRole").showAfterRedirect(flash);
			return PAGE;
		}
		groupRoles.put(group, chosen, MembersController.actor(user), tenant.role());
		Flash.success("groupRoles.flash.saved", group.strip(), MembersController.inSentence(chosen))
			.showAfterRedirect(flash);
		return PAGE;
	}

	@PostMapping("/remove")
	String remove(@RequestParam(defaultValue = "") String group, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		groupRoles.remove(group, MembersController.actor(user));
		Flash.success("groupRoles.flash.removed", group).showAfterRedirect(flash);
		return PAGE;
	}

}
