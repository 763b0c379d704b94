-- One row per organisation for the identity source it provisions from, whatever its kind
-- (docs/connectors.md), shaped like target_connection: the settings a person entered or picked,
-- the secret ones sealed one by one with SecretBox, and what Ferry learned while setting it up
-- (the public half of a key it generated, the label of a picked object, its hook's id and state).
-- Expand step: okta_connection is copied and no longer used; a later release drops it.
create table source_connection (
    tenant_id          uuid primary key references tenant (id) on delete cascade,
    kind               varchar(40)  not null,
    settings           jsonb        not null default '{}'::jsonb,
    secrets            jsonb        not null default '{}'::jsonb,
    state              jsonb        not null default '{}'::jsonb,
    last_test_at       timestamptz,
    last_test_ok       boolean,
    last_test_summary  varchar(1000),
    updated_at         timestamptz  not null,
    version            bigint       not null default 0
);

alter table source_connection enable row level security;
create policy source_connection_isolation on source_connection
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());

grant select, insert, update, delete on source_connection to ${app_role};

-- both sides are read by one store
alter table target_connection add column state jsonb not null default '{}'::jsonb;

insert into source_connection (tenant_id, kind, settings, secrets, state, last_test_at, last_test_ok,
                               last_test_summary, updated_at, version)
select tenant_id, 'okta',
       jsonb_strip_nulls(jsonb_build_object('orgUrl', org_url, 'mode', auth_mode,
           'clientId', coalesce(client_id, ''), 'appId', sharefile_app_id)),
       jsonb_strip_nulls(jsonb_build_object('apiToken', api_token, 'privateJwk', private_key,
           'hook.secret', hook_secret)),
       jsonb_strip_nulls(jsonb_build_object('privateJwk.public', public_jwk, 'privateJwk.keyId', key_id,
           'appId.label', sharefile_app_label, 'hook.id', hook_id, 'hook.status', hook_status,
           'hook.receiving', case when hook_status is null then null
                                  when hook_status = 'VERIFIED' then 'true' else 'false' end)),
       last_test_at, last_test_ok, last_test_summary, updated_at, version
from okta_connection;
