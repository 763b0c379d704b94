/**
 * The audit log read from outside Ferry: a read-only API with named bearer tokens (one
 * organisation's, or an MSP's for the customers it manages) and streaming to a SIEM (an
 * HTTPS webhook signed with HMAC-SHA256, or syslog over TLS) from a cursor kept in
 * PostgreSQL, so no event is skipped and a resend can be recognised
 * (docs/portal-audit-api.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit API and streaming")
package dev.ferry.auditfeed;
