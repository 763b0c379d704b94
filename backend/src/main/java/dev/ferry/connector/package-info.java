/**
 * The connector SPI, in the spirit of ConnId: the small vocabulary every external system
 * is spoken to with (test outcomes, typed failures), so the engine never sees HTTP, and a
 * second target is a new module rather than a rewrite.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Connector SPI")
package dev.ferry.connector;
