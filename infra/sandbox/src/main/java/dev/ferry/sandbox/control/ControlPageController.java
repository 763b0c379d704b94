package dev.ferry.sandbox.control;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sandbox's own page: what it emulates and, as it grows, each org and account to inspect and change. */
@Controller
class ControlPageController {

	@GetMapping("/sandbox")
	String page() {
		return "control/index";
	}

}
