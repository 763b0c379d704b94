/**
 * The audit log: an append-only, per-tenant hash chain of who or what changed what, with
 * before and after values, that people can filter, verify and export.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package dev.ferry.audit;
