-- Groups an identity provider pushes to Ferry through SCIM (docs/scim.md), for organisations whose
-- identity source is SCIM push: read by the "scim" source connector as Okta's groups are read, so Push
-- Groups and group-based scope and user types work the same. A member is a person of the SCIM
-- directory; deleting the person removes their memberships.
create table scim_group (
    tenant_id      uuid         not null references tenant (id) on delete cascade,
    id             uuid         not null,
    display_name   varchar(255) not null,
    external_id    varchar(255),
    created_at     timestamptz  not null,
    last_modified  timestamptz  not null,
    version        bigint       not null default 1,
    primary key (tenant_id, id)
);

create table scim_group_member (
    tenant_id  uuid not null,
    group_id   uuid not null,
    user_id    uuid not null,
    primary key (tenant_id, group_id, user_id),
    foreign key (tenant_id, group_id) references scim_group (tenant_id, id) on delete cascade,
    foreign key (tenant_id, user_id) references scim_identity (tenant_id, id) on delete cascade
);
create index scim_group_member_user on scim_group_member (tenant_id, user_id);

do $$
declare t text;
begin
    foreach t in array array['scim_group', 'scim_group_member'] loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy %I on %I using (tenant_id = ferry_current_tenant()) '
                       'with check (tenant_id = ferry_current_tenant())', t || '_isolation', t);
        execute format('grant select, insert, update, delete on %I to ${app_role}', t);
    end loop;
end
$$;
