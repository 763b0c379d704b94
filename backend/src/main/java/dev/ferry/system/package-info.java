/**
 * What every other module stands on: Ferry's typed configuration, Redis key naming,
 * PostgreSQL advisory locks ({@link dev.ferry.system.AdvisoryLocks}), the embedded
 * PostgreSQL/Redis that the zero-setup demo starts when nothing else is configured (in
 * jars built with the {@code demo} Maven profile), and the vocabulary every module uses
 * to tell people what is wrong ({@link dev.ferry.system.Problem},
 * {@link dev.ferry.system.Refusal}, {@link dev.ferry.system.NotFound}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "System")
package dev.ferry.system;
