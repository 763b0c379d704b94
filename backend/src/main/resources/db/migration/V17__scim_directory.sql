-- People an identity provider pushes to Ferry through SCIM, for organisations whose identity source is
-- SCIM push (docs/scim.md): Ferry's own directory, read by the "scim" source connector as Okta's API is
-- read for an Okta source. id is Ferry's, permanent and opaque; userName is unique per organisation
-- ignoring case (user_name_key); the resource is the SCIM representation as last written, without
-- password (never stored), id or meta (Ferry's).
create table scim_identity (
    tenant_id      uuid         not null references tenant (id) on delete cascade,
    id             uuid         not null,
    user_name      varchar(255) not null,
    user_name_key  varchar(255) not null,
    external_id    varchar(255),
    active         boolean      not null,
    resource       jsonb        not null,
    created_at     timestamptz  not null,
    last_modified  timestamptz  not null,
    version        bigint       not null default 1,
    primary key (tenant_id, id),
    unique (tenant_id, user_name_key)
);

alter table scim_identity enable row level security;
create policy scim_identity_isolation on scim_identity
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());
grant select, insert, update, delete on scim_identity to ${app_role};
