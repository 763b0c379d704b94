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

import dev.ferry.portal.Flash;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.tenant.Role.Permission;

/**
 * Import New Users waiting for approval: ShareFile accounts matched to, or to be created
 * as, Okta people.
 */
@Controller
@RequestMapping("/t/{slug}/provisioning/import")
class ImportController {

	private static final String LIST = "redirect:/t/{slug}/provisioning/import";

	static final int MAX_DECIDED = 1_000;

	private final Provisioning provisioning;

	ImportController(Provisioning provisioning) {
		this.provisioning = provisioning;
	}

	@GetMapping
	String list(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "provisioning");
		model.addAttribute("canRun", tenant.permits(Permission.RUN_PROVISIONING));
		model.addAttribute("candidates", provisioning.importCandidates());
		model.addAttribute("settings", provisioning.config().importSettings());
		model.addAttribute("kinds", provisioning.kinds());
		return "provisioning/import";
	}

	@PostMapping("/decide")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String decide(@RequestParam(defaultValue = "") List<String> accountIds,
			@RequestParam(defaultValue = "") String decision, @AuthenticationPrincipal FerryUser user,
			RedirectAttributes flash) {
		List<String> chosen = accountIds.stream()
			.map(String::strip)
			.filter(id -> !id.isEmpty() && id.length() <= 255)
			.distinct()
			.limit(MAX_DECIDED)
			.toList();
		if (chosen.isEmpty() || !("approve".equals(decision) || "reject".equals(decision))) {
			Flash.error("import.flash.selectFirst").showAfterRedirect(flash);
			return LIST;
		}
		boolean approve = "approve".equals(decision);
		int decided = provisioning.decideImport(chosen, approve, ProvisioningController.actor(user));
		Flash.success(approve ? "import.flash.approved" : "import.flash.rejected", decided).showAfterRedirect(flash);
		return LIST;
	}

}
