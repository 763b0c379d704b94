/**
 * The portal's own pages and what every page shares: the overview and the model attributes the base
 * layout shows (product name, signed-in person).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Portal")
package dev.ferry.portal;
