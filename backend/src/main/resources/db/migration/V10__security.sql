-- Security review fixes (docs/security.md).

-- 1. A person's seats, read on every request instead of frozen into the session at sign-in. A seat held
--    through an MSP (via_tenant) counts only while the MSP still manages the customer and the person is
--    still a member of the MSP: an MSP that removes a technician removes their customer seats with it.
create function ferry_seats_of(p_issuer varchar, p_subject varchar)
    returns table (tenant_id uuid, slug varchar, display_name varchar, kind varchar, role varchar)
    language sql stable security definer set search_path = public
as $$
    select m.tenant_id, t.slug, t.display_name, t.kind, m.role
      from member m
      join tenant t on t.id = m.tenant_id
     where m.issuer = p_issuer and m.subject = p_subject
       and (m.via_tenant is null
            or (t.managed_by = m.via_tenant
                and exists (select 1 from member v
                             where v.tenant_id = m.via_tenant and v.issuer = m.issuer and v.subject = m.subject)))
$$;
revoke all on function ferry_seats_of(varchar, varchar) from public;
-- read on every portal request: find a person's seats without scanning every member of every tenant
create index member_by_person on member (issuer, subject) where subject is not null;
grant execute on function ferry_seats_of(varchar, varchar) to ${app_role};

-- sign-in takes invited seats as before, then answers with the same rule as ferry_seats_of
create or replace function ferry_memberships_of(p_issuer varchar, p_subject varchar, p_login varchar, p_name varchar,
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
    return query select s.tenant_id, s.role from ferry_seats_of(p_issuer, p_subject) s;
end
$$;

-- 2. The audit chain's hash now covers the tenant, the correlation id and the source IP too (version 2).
--    Rows written before keep version 1 and are verified as they were hashed.
alter table audit_event add column hash_version smallint not null default 1;

-- 3. Verification is incremental: the last event verified per chain, so a page view hashes only what was
--    appended since. A full pass from the start (scheduled, and on request) re-checks everything.
--    A break found (by either check) is kept until a full pass from the first event succeeds again, so
--    the audit page shows it however the incremental check is positioned.
create table audit_checkpoint (
    chain_key        varchar(36)  primary key, -- the tenant id, or 'none' for events of no tenant
    chain_seq        bigint,
    hash             bytea,
    verified_at      timestamptz,
    full_verified_at timestamptz,               -- the last full pass that found the chain intact
    broken_seq       bigint,
    broken_found_at  timestamptz
);
alter table audit_checkpoint enable row level security;
create policy audit_checkpoint_isolation on audit_checkpoint
    using (chain_key = coalesce(ferry_current_tenant()::text, 'none'))
    with check (chain_key = coalesce(ferry_current_tenant()::text, 'none'));
grant select, insert, update on audit_checkpoint to ${app_role};

-- 4. A removal or demotion is not undone by an Okta group mapping at the person's next sign-in: a mapping
--    grants or raises no seat for a revoked person until an owner invites them again or raises their role.
create table seat_revocation (
    tenant_id  uuid         not null references tenant (id) on delete cascade,
    issuer     varchar(255) not null,
    login      varchar(254) not null,
    subject    varchar(255),
    revoked_at timestamptz  not null,
    primary key (tenant_id, issuer, login)
);
alter table seat_revocation enable row level security;
create policy seat_revocation_isolation on seat_revocation
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on seat_revocation to ${app_role};
