package dev.ferry.provisioning;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.portal.Flash;
import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.RequiresPermission;
import dev.ferry.tenant.Role.Permission;
import dev.ferry.work.DeadLetters;
import dev.ferry.work.JobId;

/**
 * The problems page: everything Ferry could not bring in step — the work it is still
 * retrying after a failure (from any run), and the jobs it gave up on, with what the
 * target said, what to do about it and a retry button.
 */
@Controller
@RequestMapping("/t/{slug}/provisioning/dead-letters")
class DeadLettersController {

	private static final String LIST = "redirect:/t/{slug}/provisioning/dead-letters";

	static final int SHOWN = 200;

	private final DeadLetters deadLetters;

	DeadLettersController(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping
	String list(CurrentTenant tenant, Model model) {
		model.addAttribute("tenant", tenant);
		model.addAttribute("activeNav", "provisioning");
		model.addAttribute("canRun", tenant.permits(Permission.RUN_PROVISIONING));
		model.addAttribute("letters", deadLetters.list(SHOWN));
		model.addAttribute("total", deadLetters.count());
		model.addAttribute("retrying", deadLetters.retrying(SHOWN));
		model.addAttribute("retryingTotal", deadLetters.retryingCount());
		return "provisioning/dead-letters";
	}

	@PostMapping("/{id}/retry")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String retry(@PathVariable JobId id, RedirectAttributes flash) {
		if (deadLetters.retry(id)) {
			Flash.success("deadLetters.flash.retried").showAfterRedirect(flash);
		}
		else {
			Flash.error("deadLetters.flash.gone").showAfterRedirect(flash);
		}
		return LIST;
	}

	@PostMapping("/retry-all")
	@RequiresPermission(Permission.RUN_PROVISIONING)
	String retryAll(RedirectAttributes flash) {
		int retried = deadLetters.retryAll();
		Flash.success(retried == 1 ? "deadLetters.flash.retriedAll.one" : "deadLetters.flash.retriedAll.many", retried)
			.showAfterRedirect(flash);
		return LIST;
	}

}
