-- The provisioning engine: each organisation's configuration (one versioned JSON document: features,
-- scope, mappings, rules, safety), the links between Okta identities and ShareFile accounts, runs with
-- their planned operations, pushed groups, import candidates, hook event ids and the System Log cursor.

create table provisioning_config (
    tenant_id   uuid primary key references tenant (id) on delete cascade,
    version     integer     not null,
    config      jsonb       not null,
    updated_at  timestamptz not null,
    updated_by  varchar(255)
);

create table provisioning_config_history (
    tenant_id   uuid        not null references tenant (id) on delete cascade,
    version     integer     not null,
    config      jsonb       not null,
    changed_at  timestamptz not null,
    changed_by  varchar(255),
    primary key (tenant_id, version)
);

-- identity ↔ account, with what Ferry last wrote (for diffs and drift)
create table link (
    tenant_id     uuid         not null references tenant (id) on delete cascade,
    identity_id   varchar(64)  not null,
    account_id    varchar(64)  not null,
    account_email varchar(254),
    employee      boolean      not null,
    state         varchar(12)  not null check (state in ('ACTIVE', 'DISABLED')),
    last_written  jsonb        not null default '{}'::jsonb,
    linked_at     timestamptz  not null,
    updated_at    timestamptz  not null,
    primary key (tenant_id, identity_id)
);
create unique index link_by_account on link (tenant_id, account_id);

create table group_link (
    tenant_id        uuid         not null references tenant (id) on delete cascade,
    source_group_id  varchar(64)  not null,
    account_group_id varchar(64)  not null,
    name             varchar(255) not null,
    members          integer      not null default 0,
    capped           boolean      not null default false,
    updated_at       timestamptz  not null,
    primary key (tenant_id, source_group_id)
);

create table run (
    id          uuid primary key,
    tenant_id   uuid         not null references tenant (id) on delete cascade,
    kind        varchar(16)  not null check (kind in ('RECONCILE', 'DRY_RUN', 'PERSON', 'IMPORT', 'GROUPS')),
    trigger     varchar(64)  not null,
    status      varchar(12)  not null check (status in ('PLANNING', 'APPLYING', 'HELD', 'DONE', 'FAILED')),
    total       integer      not null default 0,
    planned     integer      not null default 0,
    applied     integer      not null default 0,
    skipped     integer      not null default 0,
    failed      integer      not null default 0,
    held        integer      not null default 0,
    message     varchar(1000),
    started_at  timestamptz  not null,
    finished_at timestamptz
);
create index run_by_tenant on run (tenant_id, started_at desc);

create table run_operation (
    id          bigint generated always as identity primary key,
    run_id      uuid         not null references run (id) on delete cascade,
    tenant_id   uuid         not null references tenant (id) on delete cascade,
    op          varchar(24)  not null,
    identity_id varchar(64),
    account_id  varchar(64),
    label       varchar(255),
    changes     jsonb        not null default '{}'::jsonb,
    status      varchar(10)  not null check (status in ('PLANNED', 'APPLIED', 'SKIPPED', 'FAILED', 'HELD', 'REJECTED')),
    error       varchar(2000)
);
create index run_operation_by_run on run_operation (run_id, id);

create table import_candidate (
    tenant_id   uuid         not null references tenant (id) on delete cascade,
    account_id  varchar(64)  not null,
    email       varchar(254),
    action      varchar(8)   not null check (action in ('MATCH', 'CREATE')),
    identity_id varchar(64),
    status      varchar(10)  not null check (status in ('PENDING', 'APPROVED', 'REJECTED', 'DONE')),
    created_at  timestamptz  not null,
    primary key (tenant_id, account_id)
);

create table hook_event (
    tenant_id   uuid         not null references tenant (id) on delete cascade,
    event_id    varchar(64)  not null,
    received_at timestamptz  not null,
    primary key (tenant_id, event_id)
);

create table okta_poll_cursor (
    tenant_id   uuid primary key references tenant (id) on delete cascade,
    position    text,
    polled_at   timestamptz
);

do $$
declare t text;
begin
    foreach t in array array['provisioning_config', 'provisioning_config_history', 'link', 'group_link', 'run',
                             'run_operation', 'import_candidate', 'hook_event', 'okta_poll_cursor'] loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy %I on %I using (tenant_id = ferry_current_tenant()) '
                       'with check (tenant_id = ferry_current_tenant())', t || '_isolation', t);
        execute format('grant select, insert, update, delete on %I to ${app_role}', t);
    end loop;
end
$$;

-- The scheduler's one cross-tenant question: which organisations have provisioning on, and how often
-- do they want a full reconcile.
create function ferry_provisioning_tenants()
    returns table (tenant_id uuid, reconcile_minutes integer)
    language sql stable security definer set search_path = public
as $$
    select c.tenant_id, coalesce((c.config ->> 'reconcileIntervalMinutes')::integer, 60)
      from provisioning_config c where (c.config ->> 'enabled')::boolean
$$;
revoke all on function ferry_provisioning_tenants() from public;
grant execute on function ferry_provisioning_tenants() to ${app_role};
