-- One row per organisation for the target it provisions, whatever its kind (docs/connectors.md):
-- the connector's settings by field name, and its secret fields sealed one by one with SecretBox.
-- Expand step: sharefile_connection is copied and no longer used; a later release drops it.
create table target_connection (
    tenant_id          uuid primary key references tenant (id) on delete cascade,
    kind               varchar(40)  not null,
    settings           jsonb        not null default '{}'::jsonb,
    secrets            jsonb        not null default '{}'::jsonb,
    last_test_at       timestamptz,
    last_test_ok       boolean,
    last_test_summary  varchar(1000),
    updated_at         timestamptz  not null,
    version            bigint       not null default 0
);

alter table target_connection enable row level security;
create policy target_connection_isolation on target_connection
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());

grant select, insert, update, delete on target_connection to ${app_role};

insert into target_connection (tenant_id, kind, settings, secrets, last_test_at, last_test_ok, last_test_summary,
                               updated_at, version)
select tenant_id, 'sharefile',
       jsonb_build_object('baseUrl', base_url, 'clientId', client_id, 'adminUsername', admin_username),
       jsonb_strip_nulls(jsonb_build_object('clientSecret', client_secret, 'adminPassword', admin_password)),
       last_test_at, last_test_ok, last_test_summary, updated_at, version
from sharefile_connection;
