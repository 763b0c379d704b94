-- OAuth 2.0 client credentials for identity providers that fetch their SCIM bearer token from a token
-- endpoint instead of holding a long-lived one (docs/scim.md). A client's secret is shown once and only
-- its SHA-256 hash is kept, as for scim_credential; the access tokens it is issued live an hour and are
-- kept as hashes too, removed with their client (revoking a client ends its tokens at once).
create table scim_oauth_client (
    tenant_id     uuid         not null references tenant (id) on delete cascade,
    id            uuid         not null,
    name          varchar(100) not null,
    client_id     varchar(64)  not null unique,
    secret_hash   bytea        not null,
    created_at    timestamptz  not null,
    created_by    varchar(255),
    last_used_at  timestamptz,
    primary key (tenant_id, id)
);

create table scim_access_token (
    tenant_id     uuid         not null,
    token_hash    bytea        not null primary key,
    client        uuid         not null,
    expires_at    timestamptz  not null,
    foreign key (tenant_id, client) references scim_oauth_client (tenant_id, id) on delete cascade
);
create index scim_access_token_expiry on scim_access_token (tenant_id, expires_at);

alter table scim_oauth_client enable row level security;
create policy scim_oauth_client_isolation on scim_oauth_client
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on scim_oauth_client to ${app_role};

alter table scim_access_token enable row level security;
create policy scim_access_token_isolation on scim_access_token
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on scim_access_token to ${app_role};
