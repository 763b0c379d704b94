/**
 * Background work: a transactional outbox in PostgreSQL relayed to one Redis stream per
 * tenant, consumer groups with reclaim of a dead worker's entries, fair rotation between
 * tenants, one job per key at a time, retries with backoff and a dead-letter list, and
 * token buckets per target in Redis.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Work")
package dev.ferry.work;
