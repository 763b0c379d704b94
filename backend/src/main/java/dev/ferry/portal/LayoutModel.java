package dev.ferry.portal;

import java.security.Principal;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts what the base layout's header shows into every page's model. */
@ControllerAdvice
class LayoutModel {

	@ModelAttribute("signedInName")
	String signedInName(Principal principal) {
		if (principal == null) {
			return null;
		}
		if (principal instanceof org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken token
				&& token.getPrincipal() instanceof OidcUser oidc && oidc.getFullName() != null) {
			return oidc.getFullName();
		}
		return principal.getName();
	}

}
