-- The audit log page (docs/portal-audit.md): filters that stay fast with a million events in one
-- organisation, and scheduled exports kept in the database.

-- 1. Filters. Every page is "the newest (or next) 50 events of this organisation that match", newest
--    first by (occurred_at, id), the order of V2's audit_event_by_tenant_time, so a time range is an index
--    range. Each other filter has an index that starts with the tenant and ends with that order, so
--    PostgreSQL either walks backwards in time and filters (a common match) or reads the few matches and
--    sorts them (a rare one). Prefix search on the action needs text_pattern_ops whatever the collation.
--    Row-level security lets an index serve a condition only when every function it applies to a column
--    is leakproof (so a policy-hidden row cannot leak through an error), and lower(), ->> and LIKE are
--    not: a condition on lower(target_id) read every row of the organisation (1 s for a rare person among
--    a million events). So the case-folded values are stored columns compared with plain equality, and
--    the action's prefix is also a range of text_pattern_ops comparisons (AuditQuery), both leakproof.
alter table audit_event
    add column actor_name_key varchar(255) generated always as (lower(actor_name)) stored,
    add column target_key varchar(255) generated always as (lower(target_id)) stored,
    -- a person's provisioning events name their ShareFile account as the target and them by label
    add column label_key text generated always as (lower(details ->> 'label')) stored;
create index audit_event_by_tenant_action on audit_event (tenant_id, action text_pattern_ops, occurred_at, id);
create index audit_event_by_tenant_outcome on audit_event (tenant_id, outcome, occurred_at, id);
create index audit_event_by_tenant_actor_name on audit_event (tenant_id, actor_name_key, occurred_at, id);
create index audit_event_by_tenant_actor_id on audit_event (tenant_id, actor_id, occurred_at, id);
create index audit_event_by_tenant_target on audit_event (tenant_id, target_key, occurred_at, id);
create index audit_event_by_tenant_label on audit_event (tenant_id, label_key, occurred_at, id);

-- Free text: one lower-cased text of everything a person might type, "contains". The function is the one
-- definition of that text. No index serves it: LIKE is not leakproof, so under row-level security a
-- trigram index could not be used (it was tried, and cost every audit write); a common word finds its
-- 50 newest events quickly walking back in time, a rare one reads the organisation's log (docs/portal-audit.md).
create function ferry_audit_text(action text, actor_name text, actor_id text, target_type text, target_id text,
                                 details jsonb, correlation_id text, source_ip text)
    returns text language sql immutable parallel safe
as $$
select lower(action || ' ' || coalesce(actor_name, '') || ' ' || coalesce(actor_id, '') || ' '
             || coalesce(target_type, '') || ' ' || coalesce(target_id, '') || ' ' || coalesce(correlation_id, '')
             || ' ' || coalesce(source_ip, '') || ' ' || details::text)
$$;

-- 2. Scheduled exports: each organisation's settings, and the exports kept (the last `keep`). Each
--    covers the chain from the event after the previous one's last through the chain's end when it ran,
--    so successive exports link to each other.
create table audit_export_schedule (
    tenant_id   uuid        not null primary key references tenant (id) on delete cascade,
    frequency   varchar(8)  not null check (frequency in ('OFF', 'DAILY', 'WEEKLY')),
    format      varchar(8)  not null check (format in ('csv', 'ndjson')),
    keep        int         not null check (keep between 1 and 100),
    updated_at  timestamptz not null
);

create table audit_export (
    id          bigint       generated always as identity primary key,
    tenant_id   uuid         not null references tenant (id) on delete cascade,
    created_at  timestamptz  not null,
    format      varchar(8)   not null,
    filename    varchar(160) not null,
    first_seq   bigint,
    last_seq    bigint,
    row_count   bigint       not null,
    size_bytes  bigint       not null,
    content     bytea        not null
);
create index audit_export_by_tenant on audit_export (tenant_id, id desc);

alter table audit_export_schedule enable row level security;
create policy audit_export_schedule_isolation on audit_export_schedule
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
alter table audit_export enable row level security;
create policy audit_export_isolation on audit_export
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on audit_export_schedule, audit_export to ${app_role};
