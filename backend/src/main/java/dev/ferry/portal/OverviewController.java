package dev.ferry.portal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.UriComponentsBuilder;

import dev.ferry.signin.FerryUser;
import dev.ferry.signin.Seats;

/**
 * Where a signed-in person lands: their organisation's dashboard (served by the
 * provisioning module's {@code DashboardController}, whose numbers it owns).
 */
@Controller
class OverviewController {

	private final Seats seats;

	OverviewController(Seats seats) {
		this.seats = seats;
	}

	/**
	 * The organisation signed in through, or another one the person still may enter.
	 * Someone with no seat left anywhere is signed out and told why.
	 */
	@GetMapping("/")
	String home(@AuthenticationPrincipal FerryUser user, HttpServletRequest request) throws ServletException {
		var home = seats.home(user);
		if (home.isEmpty()) {
			request.logout();
			return "redirect:/login?removed";
		}
		return "redirect:"
				+ UriComponentsBuilder.fromPath("/t/{slug}/").buildAndExpand(home.get().slug()).toUriString();
	}

}
