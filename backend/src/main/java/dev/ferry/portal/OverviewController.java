package dev.ferry.portal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.UriComponentsBuilder;

import dev.ferry.signin.FerryUser;
import dev.ferry.signin.Seats;
import dev.ferry.tenant.TenantKind;

/**
 * Where a signed-in person lands: their organisation's dashboard (served by the
 * provisioning module's {@code DashboardController}, whose numbers it owns), or for an
 * MSP's people the MSP console.
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
		// an MSP's people work across its customers: their home is the MSP console
		String path = home.get().kind() == TenantKind.MSP ? "/t/{slug}/customers" : "/t/{slug}/";
		return "redirect:" + UriComponentsBuilder.fromPath(path).buildAndExpand(home.get().slug()).toUriString();
	}

}
