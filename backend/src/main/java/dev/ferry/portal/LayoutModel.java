package dev.ferry.portal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.ferry.signin.CurrentTenant;
import dev.ferry.signin.FerryUser;
import dev.ferry.signin.Seats;
import dev.ferry.tenant.Membership;

/** Puts what the base layout's header shows into every page's model. */
@ControllerAdvice
class LayoutModel {

	private final Seats seats;

	LayoutModel(Seats seats) {
		this.seats = seats;
	}

	@ModelAttribute("signedInName")
	String signedInName(Authentication authentication) {
		return user(authentication) == null ? null : user(authentication).displayName();
	}

	/** Every organisation the person may enter, for the organisation switcher. */
	@ModelAttribute("memberships")
	List<Membership> memberships(Authentication authentication) {
		return user(authentication) == null ? List.of() : seats.of(user(authentication));
	}

	@ModelAttribute("currentTenant")
	CurrentTenant currentTenant(HttpServletRequest request) {
		Object tenant = request.getAttribute(CurrentTenant.class.getName());
		return tenant instanceof CurrentTenant current ? current : null;
	}

	private static FerryUser user(Authentication authentication) {
		return authentication != null && authentication.getPrincipal() instanceof FerryUser user ? user : null;
	}

}
