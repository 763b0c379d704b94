package dev.ferry.provisioning;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.connector.ConnectorException;
import dev.ferry.mapping.ExpressionException;
import dev.ferry.portal.Flash;
import dev.ferry.provisioning.internal.config.TenantConnectors;
import dev.ferry.provisioning.internal.engine.PersonPreview;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.system.Problem;
import dev.ferry.tenant.Role.Permission;

/**
 * One person's mapping preview: whether they are in scope (and why not), what each
 * mapping computes for them, and the plan Ferry would carry out, read fresh from Okta and
 * ShareFile without changing anything; and "Provision now".
 */
@Controller
@RequestMapping("/t/{slug}/provisioning/preview")
class ProvisioningPreviewController {

	private final Provisioning provisioning;

	private final People people;

	ProvisioningPreviewController(Provisioning provisioning, People people) {
		this.provisioning = provisioning;
		this.people = people;
	}

	@GetMapping
	String preview(@RequestParam(defaultValue = "") String person, CurrentTenant tenant, Model model) {
		String wanted = person.strip().length() > 254 ? person.strip().substring(0, 254) : person.strip();
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "provisioning");
		model.addAttribute("canRun", tenant.permits(Permission.RUN_PROVISIONING));
		model.addAttribute("person", wanted);
		if (wanted.isEmpty()) {
			return "provisioning/preview";
		}
		try {
			PersonPreview.Result result = provisioning.previewPerson(wanted);
			if (result.identity() == null) {
				model.addAttribute("previewError", Problem.of("preview.error.nobody", wanted));
				return "provisioning/preview";
			}
			ProvisioningConfig config = provisioning.config();
			model.addAttribute("result", result);
			model.addAttribute("enabled", config.enabled());
			model.addAttribute("identity", result.identity());
			model.addAttribute("reasons",
					result.inScope() ? List.of() : PersonExplanation.reasons(config, result.identity()));
			model.addAttribute("computed", PersonExplanation.computed(config, result.desired(), null));
			model.addAttribute("plan", result.plan().stream().map(OperationView::of).toList());
		}
		catch (ConnectorException ex) {
			// what the connector found wrong, in its own words
			model.addAttribute("previewError", Problem.of("preview.error.unreadable", ex.getMessage()));
		}
		catch (IllegalStateException ex) {
			// TenantConnectors' way of saying a connection is missing, and which
			model.addAttribute("previewError", Problem.of("preview.error.notConnected", ex.getMessage()));
		}
		catch (ExpressionException ex) {
			model.addAttribute("previewError", Problem.of("preview.error.mapping", ex.getMessage()));
		}
		return "provisioning/preview";
	}

	@PostMapping("/sync")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String provisionNow(@RequestParam(defaultValue = "") String identityId, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		if (!identityId.matches(People.PERSON_ID)) {
			Flash.error("preview.flash.lookUpFirst").showAfterRedirect(flash);
			return "redirect:/t/{slug}/provisioning/preview";
		}
		people.provision(identityId, ProvisioningController.actor(user));
		Flash.success("preview.flash.queued").showAfterRedirect(flash);
		// a redirect attribute the URL does not name becomes its query: ?person=...
		flash.addAttribute("person", identityId);
		return "redirect:/t/{slug}/provisioning/preview";
	}

}
