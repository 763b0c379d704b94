package dev.ferry.sandbox.sharefile.api;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ferry.sandbox.sharefile.ShareFileException;

import static dev.ferry.sandbox.sharefile.api.ShareFileUsersController.V3;

/**
 * Anything under {@code /sf/v3} the stand-in does not serve (another entity, or a method
 * an entity does not take) is a 404 with ShareFile's body rather than Spring's default
 * error page.
 */
@RestController
class UnknownResourceController {

	@RequestMapping(V3 + "/**")
	void unknown() {
		throw ShareFileException.notFound();
	}

}
