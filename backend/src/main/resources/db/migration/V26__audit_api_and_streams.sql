-- The audit log read from outside Ferry (docs/portal-audit-api.md): named bearer tokens for the read-only
-- audit API, and SIEM destinations the scheduler streams each organisation's chain to.

-- 1. API tokens: only the SHA-256 hash of each is kept. scope TENANT reads its own organisation; MSP (made
--    in an MSP's organisation) also reads the customers the MSP manages at the time of each request.
create table audit_api_token (
    tenant_id     uuid         not null references tenant (id) on delete cascade,
    id            uuid         not null,
    name          varchar(100) not null,
    scope         varchar(8)   not null check (scope in ('TENANT', 'MSP')),
    token_hash    bytea        not null unique,
    created_at    timestamptz  not null,
    created_by    varchar(255),
    last_used_at  timestamptz,
    primary key (tenant_id, id)
);
alter table audit_api_token enable row level security;
create policy audit_api_token_isolation on audit_api_token
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on audit_api_token to ${app_role};

-- The API's one cross-tenant question: whose token is this? A call names no organisation, so the gate
-- asks before any tenant is known; it answers only for the exact hash it is given.
create function ferry_audit_token(p_hash bytea)
    returns table (tenant_id uuid, id uuid, name varchar, scope varchar, kind varchar)
    language sql stable security definer set search_path = public
as $$
    select a.tenant_id, a.id, a.name, a.scope, t.kind
      from audit_api_token a join tenant t on t.id = a.tenant_id
     where a.token_hash = p_hash
$$;
revoke all on function ferry_audit_token(bytea) from public;
grant execute on function ferry_audit_token(bytea) to ${app_role};

-- 2. SIEM destinations. cursor_seq is the last chain_seq the receiver accepted: it only moves in the
--    transaction that holds the row's lock while the batch is sent, after the receiver said yes.
create table audit_stream (
    tenant_id        uuid          not null references tenant (id) on delete cascade,
    id               uuid          not null,
    name             varchar(100)  not null,
    kind             varchar(8)    not null check (kind in ('WEBHOOK', 'SYSLOG')),
    address          varchar(255)  not null,
    secret           text,
    paused           boolean       not null default false,
    cursor_seq       bigint        not null default 0,
    batches_sent     bigint        not null default 0,
    created_at       timestamptz   not null,
    created_by       varchar(255),
    last_success_at  timestamptz,
    last_attempt_at  timestamptz,
    last_error       varchar(500),
    failures         integer       not null default 0,
    next_attempt_at  timestamptz   not null,
    primary key (tenant_id, id)
);
alter table audit_stream enable row level security;
create policy audit_stream_isolation on audit_stream
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on audit_stream to ${app_role};
create index audit_stream_due on audit_stream (next_attempt_at) where not paused;

-- The scheduler's cross-tenant question: which destinations are due now? Ids only; the delivery itself
-- runs as the destination's organisation, under row-level security.
create function ferry_audit_streams_due(p_now timestamptz)
    returns table (tenant_id uuid, id uuid)
    language sql stable security definer set search_path = public
as $$
    select s.tenant_id, s.id from audit_stream s
     where not s.paused and s.next_attempt_at <= p_now
     order by s.next_attempt_at
     limit 500
$$;
revoke all on function ferry_audit_streams_due(timestamptz) from public;
grant execute on function ferry_audit_streams_due(timestamptz) to ${app_role};
