-- The organisation dashboard (docs/portal-dashboard.md): operations per hour and change → ShareFile
-- latency over the last seven days, read from an hourly rollup (at most 168 rows a week per organisation)
-- instead of from run_operation, which grows with every change.

-- When the change a run carries out reached Ferry (an event hook delivery, a System Log poll, a SCIM
-- request, a person's "Run now"): the time its job was first queued, kept when later changes merge into
-- the waiting job. Null for work no change caused (a scheduled reconcile, a dry run).
alter table run add column changed_at timestamptz;

-- Held plans are counted, and the newest linked, on every dashboard view: a partial index holds only them.
create index run_held on run (tenant_id, started_at desc) where status = 'HELD';

-- Outcomes of applied and failed operations per organisation and hour, written in the transaction that
-- records the operations (Runs). latency counts samples per bucket of LatencyHistogram (Java holds the
-- bounds); one sample per applied ShareFile operation of a run with a changed_at.
create table operation_hour (
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    hour_start timestamptz not null,
    created    integer     not null default 0,
    updated    integer     not null default 0,
    disabled   integer     not null default 0,
    grouped    integer     not null default 0,
    failed     integer     not null default 0,
    latency    integer[]   not null default '{}',
    primary key (tenant_id, hour_start)
);

alter table operation_hour enable row level security;
create policy operation_hour_isolation on operation_hour
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on operation_hour to ${app_role};

-- Adds two histograms bucket by bucket (the shorter padded with zeros): the rollup's upsert.
create function ferry_add_counts(a integer[], b integer[])
    returns integer[]
    language sql immutable parallel safe set search_path = public
as $$
    select coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) order by i), '{}')
      from unnest(a, b) with ordinality as t(x, y, i)
$$;
grant execute on function ferry_add_counts(integer[], integer[]) to ${app_role};
