-- The trigram index behind ferry_audit_search (V31), built CONCURRENTLY so that audit writes go on while it
-- is built (about 100 s for a million events; docs/portal-audit.md): Flyway runs this file outside a
-- transaction, which is why it holds nothing else (spring.flyway.postgresql.transactional-lock is off so
-- that Flyway's own lock does not leave a transaction open for the build to wait on). PostgreSQL cannot
-- build an index concurrently on a partitioned table, so it is built on the one partition audit_event has
-- (V2: the default partition; Ferry creates no others). The expression is exactly the function's.
create index concurrently if not exists audit_event_text on audit_event_default
    using gin (ferry_audit_text(action, actor_name, actor_id, target_type, target_id, details, correlation_id,
                                source_ip) gin_trgm_ops);
