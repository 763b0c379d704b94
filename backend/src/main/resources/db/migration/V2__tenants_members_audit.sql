-- Organisations (tenants), the people who sign in to them (members), and the audit log.
--
-- Isolation has two walls: Hibernate's @TenantId adds the tenant to every query the application makes,
-- and PostgreSQL row-level security filters again in the database. The application connects as the
-- role ${app_role}, which must not own these tables nor be a superuser (Ferry checks this at start-up),
-- so RLS always applies to it. The owner (who runs these migrations) is not filtered; that is what lets
-- ferry_memberships_of below answer its one cross-tenant question.
-- Each transaction says whose rows it may see with set_config('ferry.tenant_id', ...) (see
-- TenantAwareDataSource); with no tenant set, a query sees no tenant-owned rows at all.

create function ferry_current_tenant() returns uuid
    language sql stable
as $$ select nullif(current_setting('ferry.tenant_id', true), '')::uuid $$;

-- The tenant table itself is not tenant-owned: sign-in must find an organisation by slug or e-mail
-- domain before anyone is signed in. Its secret column holds ciphertext only (SecretBox).
create table tenant (
    id                 uuid primary key,
    slug               varchar(40)  not null unique,
    display_name       varchar(120) not null,
    kind               varchar(10)  not null check (kind in ('CUSTOMER', 'MSP')),
    managed_by         uuid references tenant (id),
    status             varchar(12)  not null check (status in ('ONBOARDING', 'ACTIVE')),
    okta_issuer        varchar(255) not null,
    oidc_client_id     varchar(255) not null,
    oidc_client_secret text         not null,
    created_at         timestamptz  not null,
    version            bigint       not null default 0,
    constraint tenant_slug_shape check (slug ~ '^[a-z][a-z0-9-]{1,38}[a-z0-9]$'),
    constraint tenant_msp_manages_customers check (managed_by is null or kind = 'CUSTOMER')
);

create table tenant_email_domain (
    domain    varchar(253) primary key,
    tenant_id uuid not null references tenant (id) on delete cascade
);

create table member (
    id             uuid primary key,
    tenant_id      uuid         not null references tenant (id) on delete cascade,
    issuer         varchar(255) not null,
    subject        varchar(255),
    login          varchar(254) not null,
    display_name   varchar(200),
    role           varchar(10)  not null check (role in ('OWNER', 'ADMIN', 'OPERATOR', 'AUDITOR')),
    via_tenant     uuid references tenant (id) on delete cascade,
    invited_at     timestamptz  not null,
    joined_at      timestamptz,
    last_sign_in   timestamptz,
    version        bigint       not null default 0,
    constraint member_login_lower check (login = lower(login))
);
create unique index member_login_per_tenant on member (tenant_id, issuer, login);
create unique index member_subject_per_tenant on member (tenant_id, issuer, subject) where subject is not null;

-- Okta groups (from the ID token's groups claim) that give a Ferry role in a tenant.
create table okta_group_role (
    tenant_id  uuid         not null references tenant (id) on delete cascade,
    group_name varchar(255) not null,
    role       varchar(10)  not null check (role in ('OWNER', 'ADMIN', 'OPERATOR', 'AUDITOR')),
    primary key (tenant_id, group_name)
);

-- Append-only audit log, partitioned by month for retention; each tenant's events form a hash chain
-- (hash = sha256(prev_hash || canonical event)), so a changed or deleted row is detectable.
create table audit_event (
    id             bigint generated always as identity,
    tenant_id      uuid,
    chain_seq      bigint       not null,
    occurred_at    timestamptz  not null,
    actor_type     varchar(12)  not null check (actor_type in ('MEMBER', 'SYSTEM', 'OKTA', 'ANONYMOUS')),
    actor_id       varchar(255),
    actor_name     varchar(255),
    action         varchar(64)  not null,
    target_type    varchar(64),
    target_id      varchar(255),
    outcome        varchar(10)  not null check (outcome in ('SUCCESS', 'FAILURE', 'DENIED')),
    details        jsonb        not null default '{}'::jsonb,
    correlation_id varchar(64),
    source_ip      varchar(64),
    prev_hash      bytea,
    hash           bytea        not null,
    primary key (id, occurred_at)
) partition by range (occurred_at);
create table audit_event_default partition of audit_event default;
create index audit_event_by_tenant_time on audit_event (tenant_id, occurred_at desc, id desc);
create index audit_event_by_tenant_chain on audit_event (tenant_id, chain_seq desc);

-- Row-level security on every tenant-owned table.
alter table member enable row level security;
create policy member_isolation on member
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());

alter table okta_group_role enable row level security;
create policy okta_group_role_isolation on okta_group_role
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());

alter table audit_event enable row level security;
-- Events of no tenant (e.g. a sign-in attempt for an unknown organisation) are visible only to work that
-- runs with no tenant set, never to a tenant.
create policy audit_event_isolation on audit_event
    using (tenant_id is not distinct from ferry_current_tenant())
    with check (tenant_id is not distinct from ferry_current_tenant());

-- The one question that crosses tenants on purpose: which organisations may this person enter? It
-- runs with the owner's rights, answers only for the (issuer, subject or login) it is given, and
-- first lets the person take any seat they were invited to.
create function ferry_memberships_of(p_issuer varchar, p_subject varchar, p_login varchar, p_name varchar,
                                     p_now timestamptz)
    returns table (tenant_id uuid, role varchar)
    language plpgsql security definer set search_path = public
as $$
begin
    update member m
       set subject = p_subject, joined_at = coalesce(m.joined_at, p_now), display_name = coalesce(p_name, m.display_name)
     where m.issuer = p_issuer and m.subject is null and m.login = lower(p_login)
       and not exists (select 1 from member o where o.tenant_id = m.tenant_id and o.issuer = p_issuer and o.subject = p_subject);
    update member m set last_sign_in = p_now where m.issuer = p_issuer and m.subject = p_subject;
    return query select m.tenant_id, m.role from member m where m.issuer = p_issuer and m.subject = p_subject;
end
$$;
revoke all on function ferry_memberships_of(varchar, varchar, varchar, varchar, timestamptz) from public;

grant select, insert, update, delete on tenant, tenant_email_domain, member, okta_group_role to ${app_role};
grant select, insert on audit_event to ${app_role};
grant select, insert, update, delete on event_publication to ${app_role};
grant execute on function ferry_memberships_of(varchar, varchar, varchar, varchar, timestamptz) to ${app_role};
grant execute on function ferry_current_tenant() to ${app_role};
