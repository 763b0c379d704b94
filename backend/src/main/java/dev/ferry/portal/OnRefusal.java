package dev.ferry.portal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The page a handler's {@link dev.ferry.system.Refusal refusals} are shown on: the portal
 * flashes the refusal and redirects there (post/redirect/get), as the handler itself
 * would after success. On a controller it holds for every handler; on a method it wins.
 * The path is a URI template whose variables come from the request's own path, as in a
 * {@code "redirect:/t/{slug}/members"} view name.
 * <p>
 * An htmx request is answered in the layout's flash area instead, wherever this points.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnRefusal {

	/** The page's path, e.g. {@code /t/{slug}/provisioning/runs/{id}}. */
	String value();

}
