-- Each organisation's connections: its ShareFile account and its Okta API access (with the event hook
-- Ferry registered there). Secrets are ciphertext (SecretBox); the portal shows only "set"/"not set".

create table sharefile_connection (
    tenant_id          uuid primary key references tenant (id) on delete cascade,
    base_url           varchar(255) not null,
    client_id          varchar(255) not null,
    client_secret      text,
    admin_username     varchar(254) not null,
    admin_password     text,
    last_test_at       timestamptz,
    last_test_ok       boolean,
    last_test_summary  varchar(1000),
    updated_at         timestamptz  not null,
    version            bigint       not null default 0
);

create table okta_connection (
    tenant_id            uuid primary key references tenant (id) on delete cascade,
    org_url              varchar(255) not null,
    auth_mode            varchar(12)  not null check (auth_mode in ('SSWS', 'SERVICE_APP')),
    api_token            text,
    client_id            varchar(255),
    private_key          text,
    key_id               varchar(64),
    public_jwk           text,
    sharefile_app_id     varchar(64),
    sharefile_app_label  varchar(255),
    hook_id              varchar(64),
    hook_secret          text,
    hook_status          varchar(40),
    last_test_at         timestamptz,
    last_test_ok         boolean,
    last_test_summary    varchar(1000),
    updated_at           timestamptz  not null,
    version              bigint       not null default 0
);

alter table sharefile_connection enable row level security;
create policy sharefile_connection_isolation on sharefile_connection
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());

alter table okta_connection enable row level security;
create policy okta_connection_isolation on okta_connection
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());

grant select, insert, update, delete on sharefile_connection, okta_connection to ${app_role};
