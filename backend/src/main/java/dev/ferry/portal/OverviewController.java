package dev.ferry.portal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;

/** Where a signed-in person lands: their organisation's overview. */
@Controller
class OverviewController {

	@GetMapping("/")
	String home(@AuthenticationPrincipal FerryUser user) {
		return "redirect:/t/" + user.home().slug() + "/";
	}

	@GetMapping("/t/{slug}/")
	String overview(HttpServletRequest request, Model model) {
		model.addAttribute("tenant", CurrentTenant.of(request));
		model.addAttribute("activeNav", "overview");
		return "portal/overview";
	}

}
