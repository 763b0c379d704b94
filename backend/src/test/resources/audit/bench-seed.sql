-- The database AuditExportBenchmark and the timings of docs/portal-audit.md were measured on: the audit_event
-- table as the migrations shape it (partitioned, V2/V10 indexes), 1,000,000 events of one organisation and
-- 100,000 of another, then V25's indexes (copy them from the migration). Run as a superuser: psql -f bench-seed.sql
drop database if exists ferry_audit_bench;
create database ferry_audit_bench;
\c ferry_audit_bench
create table audit_event (
    id             bigint generated always as identity,
    tenant_id      uuid,
    chain_seq      bigint       not null,
    occurred_at    timestamptz  not null,
    actor_type     varchar(12)  not null,
    actor_id       varchar(255),
    actor_name     varchar(255),
    action         varchar(64)  not null,
    target_type    varchar(64),
    target_id      varchar(255),
    outcome        varchar(10)  not null,
    details        jsonb        not null default '{}'::jsonb,
    correlation_id varchar(64),
    source_ip      varchar(64),
    prev_hash      bytea,
    hash           bytea        not null,
    hash_version smallint not null default 2,
    primary key (id, occurred_at)
) partition by range (occurred_at);
create table audit_event_default partition of audit_event default;
create index audit_event_by_tenant_time on audit_event (tenant_id, occurred_at desc, id desc);
create index audit_event_by_tenant_chain on audit_event (tenant_id, chain_seq desc);
insert into audit_event (tenant_id, chain_seq, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id, outcome, details, correlation_id, source_ip, prev_hash, hash)
select 'aaaaaaaa-0000-0000-0000-000000000001'::uuid, g, timestamptz '2026-06-01' + g * interval '15 seconds',
  case when g % 10 = 0 then 'MEMBER' else 'SYSTEM' end,
  case when g % 10 = 0 then 'sub-' || (g % 37) else 'ferry' end,
  case when g % 10 = 0 then 'Member ' || (g % 37) else 'Ferry' end,
  (array['provisioning.update_account','provisioning.create_account','provisioning.disable_account','signin.success','member.invited','provisioning.reconcile','provisioning.add_members','access.denied'])[1 + (g % 8)],
  'account', 'acct-' || (g % 100000),
  case when g % 97 = 0 then 'FAILURE' when g % 389 = 0 then 'DENIED' else 'SUCCESS' end,
  jsonb_build_object('identity', '00u' || (g % 100000), 'label', 'person' || (g % 100000) || '@acme.example',
     'changes', jsonb_build_object('department', jsonb_build_object('before', 'Dept ' || (g % 13), 'after', 'Dept ' || ((g+1) % 13)))),
  md5(g::text), '10.0.' || (g % 250) || '.' || (g % 7), decode(md5((g-1)::text),'hex'), decode(md5(g::text),'hex')
from generate_series(1, 1000000) g;
insert into audit_event (tenant_id, chain_seq, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id, outcome, details, correlation_id, source_ip, prev_hash, hash)
select 'bbbbbbbb-0000-0000-0000-000000000002'::uuid, g, timestamptz '2026-06-01' + g * interval '150 seconds', 'SYSTEM', 'ferry', 'Ferry',
  'provisioning.update_account', 'account', 'acct-' || g, 'SUCCESS', jsonb_build_object('label', 'person' || g || '@globex.example'),
  md5(g::text), '10.1.0.1', null, decode(md5(g::text),'hex')
from generate_series(1, 100000) g;
