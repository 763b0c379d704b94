/**
 * Alerts: people are told, by e-mail and webhook, when something needs them — a plan held
 * for approval, new dead letters, connections that start failing, throttling that lasts —
 * per organisation and, for an MSP, for its customers. Alerts are derived from durable
 * state by the scheduler and delivered with retries and digests by one process
 * (docs/portal-alerts.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Alerts")
package dev.ferry.alert;
