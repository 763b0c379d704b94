-- Several named bearer tokens per organisation for its SCIM endpoint (docs/scim.md), so a token can be
-- rotated with two live at once and revoked on its own; only the SHA-256 hash of each is kept, with when
-- it was made, by whom, and when it was last used. Expand step: scim_token's one token is copied as
-- "Token" and no longer read; a later release drops it.
create table scim_credential (
    tenant_id     uuid         not null references tenant (id) on delete cascade,
    id            uuid         not null,
    name          varchar(100) not null,
    token_hash    bytea        not null unique,
    created_at    timestamptz  not null,
    created_by    varchar(255),
    last_used_at  timestamptz,
    primary key (tenant_id, id)
);

alter table scim_credential enable row level security;
create policy scim_credential_isolation on scim_credential
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on scim_credential to ${app_role};

insert into scim_credential (tenant_id, id, name, token_hash, created_at, created_by)
select tenant_id, gen_random_uuid(), 'Token', token_hash, created_at, created_by from scim_token;
