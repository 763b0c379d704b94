-- Ferry as a SCIM 2.0 receiver for Okta (Push Password Updates): Okta sends a person's password only to
-- a SCIM app with "Sync Password" on. Per organisation: the SHA-256 hash of the bearer token Okta
-- presents (the token itself is shown once and never stored), and the people Okta has created through
-- SCIM, so a second POST of one person gets the 409 Okta expects. No password is ever stored.

create table scim_token (
    tenant_id   uuid primary key references tenant (id) on delete cascade,
    token_hash  bytea        not null,
    created_at  timestamptz  not null,
    created_by  varchar(255)
);

create table scim_user (
    tenant_id   uuid         not null references tenant (id) on delete cascade,
    identity_id varchar(64)  not null,
    user_name   varchar(255) not null,
    active      boolean      not null,
    created_at  timestamptz  not null,
    primary key (tenant_id, identity_id)
);

do $$
declare t text;
begin
    foreach t in array array['scim_token', 'scim_user'] loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy %I on %I using (tenant_id = ferry_current_tenant()) '
                       'with check (tenant_id = ferry_current_tenant())', t || '_isolation', t);
        execute format('grant select, insert, update, delete on %I to ${app_role}', t);
    end loop;
end
$$;
