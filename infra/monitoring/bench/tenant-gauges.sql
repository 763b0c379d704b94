-- What the per-organisation queue gauges cost PostgreSQL (docs/operations-monitoring.md): the body of
-- ferry_work_tenant_gauges() (V32) over a job table shaped like Ferry's (V4, V28, V32: the columns the
-- query reads, the indexes that matter) with 500 organisations, 1,000,000 DONE jobs (a week kept by
-- keep-done) and 50,000 open ones. Run it with ./run (a scratch database, dropped at the end).
\timing off
set client_min_messages = warning;
create table tenant (id uuid primary key, slug varchar(40) not null unique);
create table job (
    id          uuid primary key,
    tenant_id   uuid not null references tenant (id),
    kind        varchar(64) not null,
    job_key     varchar(255) not null,
    status      varchar(8) not null,
    not_before  timestamptz not null,
    created_at  timestamptz not null,
    finished_at timestamptz
);
create index job_due on job (not_before) where status = 'PENDING';
create index job_by_tenant_status on job (tenant_id, status, finished_at desc);

insert into tenant select gen_random_uuid(), 'org-' || i from generate_series(1, 500) i;
-- a week of finished work, spread over the organisations
insert into job
select gen_random_uuid(), t.id, 'identity.sync', 'p' || i, 'DONE', now() - interval '1 day', now() - interval '1 day',
       now() - (i % 604800) * interval '1 second'
  from generate_series(1, 1000000) i
  join (select id, row_number() over () - 1 as n from tenant) t on t.n = i % 500;
-- open work: a few big backlogs, many small queues, some running and dead
insert into job
select gen_random_uuid(), t.id, 'identity.sync', 'q' || i,
       case when i % 50 = 0 then 'RUNNING' when i % 97 = 0 then 'DEAD' else 'PENDING' end,
       now() - (i % 600) * interval '1 second' + case when i % 7 = 0 then interval '5 minutes' else interval '0' end,
       now() - interval '10 minutes', null
  from generate_series(1, 50000) i
  join (select id, row_number() over () - 1 as n from tenant) t on t.n = (i::bigint * i) % 500;

-- V32's index (built in the migration's transaction: job writes wait while it is built), then the
-- statistics a live database would have
\echo 'Building V32''s index over the table:'
\timing on
create index job_open_by_tenant on job (tenant_id, status, not_before) where status <> 'DONE';
\timing off
vacuum analyze tenant;
vacuum analyze job;

\echo 'The gauge query (V32), warm, five runs:'
\timing on
select count(*), sum(pending), sum(due), sum(running), sum(dead), max(oldest_due_seconds) from (
    select t.id, t.slug,
           count(j.status) filter (where j.status = 'PENDING') as pending,
           count(j.status) filter (where j.status = 'PENDING' and j.not_before <= now()) as due,
           count(j.status) filter (where j.status = 'RUNNING') as running,
           count(j.status) filter (where j.status = 'DEAD') as dead,
           coalesce(extract(epoch from now() - min(j.not_before)
                                filter (where j.status = 'PENDING' and j.not_before <= now())), 0)::double precision
               as oldest_due_seconds
      from tenant t
      left join job j on j.tenant_id = t.id and j.status <> 'DONE'
     group by t.id, t.slug) g;
\g
\g
\g
\g
\timing off
\echo 'Its plan:'
explain (analyze, buffers, costs off)
    select t.id, t.slug,
           count(j.status) filter (where j.status = 'PENDING'),
           count(j.status) filter (where j.status = 'PENDING' and j.not_before <= now()),
           count(j.status) filter (where j.status = 'RUNNING'),
           count(j.status) filter (where j.status = 'DEAD'),
           coalesce(extract(epoch from now() - min(j.not_before)
                                filter (where j.status = 'PENDING' and j.not_before <= now())), 0)::double precision
      from tenant t
      left join job j on j.tenant_id = t.id and j.status <> 'DONE'
     group by t.id, t.slug;
