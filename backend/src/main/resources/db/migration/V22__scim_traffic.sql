-- What each organisation's identity provider asked of its SCIM endpoint, for the Connections page
-- (docs/scim.md): counts per hour (kept two days) and the last request and last error. Written by every
-- web process from its own in-memory tally every few seconds, so counts add up across processes.
-- Nothing here carries a resource id, a filter value or a body: only the resource type ("/Users/{id}").
create table scim_traffic_hour (
    tenant_id      uuid        not null references tenant (id) on delete cascade,
    hour           timestamptz not null,
    requests       bigint      not null default 0,
    client_errors  bigint      not null default 0,
    server_errors  bigint      not null default 0,
    auth_failures  bigint      not null default 0,
    primary key (tenant_id, hour)
);

create table scim_traffic_latest (
    tenant_id       uuid         not null primary key references tenant (id) on delete cascade,
    last_at         timestamptz  not null,
    last_method     varchar(10)  not null,
    last_resource   varchar(60)  not null,
    last_status     int          not null,
    last_client     varchar(100),
    last_token      varchar(100),
    error_at        timestamptz,
    error_method    varchar(10),
    error_resource  varchar(60),
    error_status    int,
    error_detail    varchar(300),
    error_client    varchar(100),
    error_token     varchar(100)
);

alter table scim_traffic_hour enable row level security;
create policy scim_traffic_hour_isolation on scim_traffic_hour
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
alter table scim_traffic_latest enable row level security;
create policy scim_traffic_latest_isolation on scim_traffic_latest
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on scim_traffic_hour, scim_traffic_latest to ${app_role};
