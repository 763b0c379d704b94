package dev.ferry.portal;

import java.io.IOException;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxReswap;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.ferry.system.NotFound;
import dev.ferry.system.Refusal;

/**
 * The one place refusals become what people see. A {@link Refusal} is flashed and the
 * person is sent to the page the handler names with {@link OnRefusal}; for an htmx call
 * its message replaces the layout's flash area ({@code #flash}, where ferry.js shows
 * failed htmx calls too). {@link NotFound} is a 404 with the error page. Nothing else is
 * caught here: any other exception is a fault, never a message for people.
 */
@ControllerAdvice
class RefusalAdvice {

	/** The layout's flash paragraph alone, for an htmx answer. */
	static final String FLASH_FRAGMENT = "fragments/layout :: flashMessage";

	@ExceptionHandler(Refusal.class)
	ModelAndView refused(Refusal refusal, HandlerMethod handler, HtmxRequest htmx, HtmxResponse htmxResponse,
			RedirectAttributes redirect) {
		Flash flash = Flash.error(refusal.problem());
		if (htmx.isHtmxRequest()) {
			htmxResponse.setRetarget("#flash");
			htmxResponse.setReswap(HtmxReswap.innerHtml());
			return new ModelAndView(FLASH_FRAGMENT, Map.of(Flash.ATTRIBUTE, flash));
		}
		OnRefusal page = page(handler);
		if (page == null) {
			// a refusal from a handler that names no page to go back to: the error page,
			// with the refusal in the flash area
			return new ModelAndView("error", Map.of(Flash.ATTRIBUTE, flash, "status", HttpStatus.CONFLICT.value()),
					HttpStatus.CONFLICT);
		}
		flash.showAfterRedirect(redirect);
		return new ModelAndView("redirect:" + page.value());
	}

	@ExceptionHandler(NotFound.class)
	void notFound(HttpServletResponse response) throws IOException {
		response.sendError(HttpStatus.NOT_FOUND.value());
	}

	static OnRefusal page(HandlerMethod handler) {
		OnRefusal onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), OnRefusal.class);
		return onMethod != null ? onMethod
				: AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), OnRefusal.class);
	}

}
