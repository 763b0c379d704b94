package dev.ferry.signin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page: a person names their organisation and is sent to that organisation's Okta. */
@Controller
class SignInController {

	@GetMapping("/login")
	String signIn() {
		return "signin/login";
	}

}
