package dev.ferry.sandbox.okta.control;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.sandbox.okta.OktaApiException;
import dev.ferry.sandbox.okta.OktaOrg;
import dev.ferry.sandbox.okta.OktaOrgs;
import dev.ferry.sandbox.okta.OktaUser;
import dev.ferry.sandbox.okta.admin.AppAdmin;
import dev.ferry.sandbox.okta.admin.UserAdmin;

/**
 * {@code /sandbox/okta/{org}}: one org's people, app assignments, groups and hooks, with
 * forms to assign, unassign, deactivate and change a profile. Each form posts, acts
 * through the same code as the management API, and redirects back with a flash message.
 */
@Controller
class OktaOrgPageController {

	private final OktaOrgs orgs;

	private final OrgState state;

	private final UserAdmin users;

	private final AppAdmin apps;

	OktaOrgPageController(OktaOrgs orgs, OrgState state, UserAdmin users, AppAdmin apps) {
		this.orgs = orgs;
		this.state = state;
		this.users = users;
		this.apps = apps;
	}

	@GetMapping("/sandbox/okta/{org}")
	String page(@PathVariable String org, Model model) {
		model.addAttribute("org", state.summary(org(org), true));
		return "okta/org";
	}

	@PostMapping("/sandbox/okta/{org}/assign")
	String assign(@PathVariable String org, @RequestParam String app, @RequestParam String user,
			HttpServletRequest request, RedirectAttributes redirect) {
		return act(org, redirect, target -> {
			apps.assignUser(target, ControlCallers.of(target, request), apps.findByIdOrLabel(target, app),
					users.find(target, user), null, null);
			return "Assigned " + user + " to " + app + ".";
		});
	}

	@PostMapping("/sandbox/okta/{org}/unassign")
	String unassign(@PathVariable String org, @RequestParam String app, @RequestParam String user,
			HttpServletRequest request, RedirectAttributes redirect) {
		return act(org, redirect, target -> {
			apps.unassignUser(target, ControlCallers.of(target, request), apps.findByIdOrLabel(target, app),
					users.find(target, user));
			return "Removed the direct assignment of " + user + " to " + app + ".";
		});
	}

	@PostMapping("/sandbox/okta/{org}/deactivate")
	String deactivate(@PathVariable String org, @RequestParam String user, HttpServletRequest request,
			RedirectAttributes redirect) {
		return act(org, redirect, target -> {
			users.deactivate(target, ControlCallers.of(target, request), users.find(target, user));
			return "Deactivated " + user + ".";
		});
	}

	@PostMapping("/sandbox/okta/{org}/profile")
	String profile(@PathVariable String org, @RequestParam String user, @RequestParam String attribute,
			@RequestParam String value, HttpServletRequest request, RedirectAttributes redirect) {
		return act(org, redirect, target -> {
			OktaUser person = users.find(target, user);
			users.update(target, ControlCallers.of(target, request), person,
					Map.of("profile", Map.of(attribute, value)), false);
			return "Changed " + attribute + " of " + user + ".";
		});
	}

	private String act(String orgName, RedirectAttributes redirect,
			java.util.function.Function<OktaOrg, String> action) {
		OktaOrg target = org(orgName);
		try {
			redirect.addFlashAttribute("message", action.apply(target));
		}
		catch (OktaApiException ex) {
			redirect.addFlashAttribute("error", ex.getMessage() + " " + ex.body().get("errorCauses"));
		}
		return "redirect:/sandbox/okta/" + orgName;
	}

	private OktaOrg org(String name) {
		return orgs.find(name)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No Okta org named " + name));
	}

}
