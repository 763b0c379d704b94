/**
 * What every other module stands on: Ferry's typed configuration, Redis key naming, and
 * the embedded PostgreSQL/Redis that the zero-setup demo starts when nothing else is
 * configured (in jars built with the {@code demo} Maven profile).
 */
@org.springframework.modulith.ApplicationModule(displayName = "System")
package dev.ferry.system;
