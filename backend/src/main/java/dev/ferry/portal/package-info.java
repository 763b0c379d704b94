/**
 * The portal's own pages and what every page shares: the overview, the model attributes
 * the base layout shows (product name, signed-in person), and
 * {@link dev.ferry.portal.Flash}, the one-time message every module's controllers put in
 * the layout's flash area, and the one place refusals become such a message
 * ({@link dev.ferry.portal.OnRefusal} names the page a handler's refusals go back to).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Portal")
package dev.ferry.portal;
