package dev.ferry.portal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page a signed-in person sees. */
@Controller
class OverviewController {

	@GetMapping("/")
	String overview() {
		return "portal/overview";
	}

}
