-- Background work (the work module). The job table is the transactional outbox and the truth about
-- every job: a job is inserted in the same transaction as the change that causes it, and Redis streams
-- only carry job ids to workers. A Redis flush therefore loses nothing: the relay republishes.
--
-- States: PENDING (waiting; not before not_before) -> RUNNING (a worker has it) -> DONE, or back to
-- PENDING (retry with backoff, or its worker died), or DEAD (gave up; the portal's dead-letter list).

create table job (
    id            uuid         primary key,
    tenant_id     uuid         not null references tenant (id) on delete cascade,
    kind          varchar(64)  not null,
    job_key       varchar(255) not null,
    payload       jsonb        not null default '{}'::jsonb,
    status        varchar(8)   not null check (status in ('PENDING', 'RUNNING', 'DONE', 'DEAD')),
    attempts      integer      not null default 0,
    not_before    timestamptz  not null,
    created_at    timestamptz  not null,
    -- when the job id was last put on a Redis stream; null = it must be (re)published when due
    published_at  timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    worker_id     varchar(100),
    error_kind    varchar(32),
    error_message text,
    http_status   integer,
    raw_response  text,
    suggested_fix text
);
-- Coalescing: one waiting job per (tenant, kind, key); a new enqueue merges into it.
create unique index job_one_pending_per_key on job (tenant_id, kind, job_key) where status = 'PENDING';
-- One at a time: at most one running job per (tenant, kind, key), enforced by PostgreSQL itself, so
-- it holds even when Redis is flushed. A worker whose claim hits this index retries the job shortly.
create unique index job_one_running_per_key on job (tenant_id, kind, job_key) where status = 'RUNNING';
create index job_due on job (not_before) where status = 'PENDING';
create index job_by_tenant_status on job (tenant_id, status, finished_at desc);

alter table job enable row level security;
create policy job_isolation on job
    using (tenant_id = ferry_current_tenant()) with check (tenant_id = ferry_current_tenant());

-- Worker processes and their heartbeats; not tenant-owned (ids and times only).
create table work_worker (
    id           varchar(100) primary key,
    host         varchar(255) not null,
    started_at   timestamptz  not null,
    heartbeat_at timestamptz  not null
);

-- The relay, the orphan release and the metrics must look across tenants. Rather than a second table
-- of ids, they call these functions, which run with the owner's rights and return only tenant ids,
-- counts and nothing of a job's content; everything per tenant is then done under row-level security
-- with the tenant set.

-- Tenants with due PENDING jobs that were never published, or published longer than p_grace ago.
create function ferry_work_due_tenants(p_grace interval)
    returns table (tenant_id uuid, unpublished boolean)
    language sql stable security definer set search_path = public
as $$
    select j.tenant_id, bool_or(j.published_at is null)
      from job j
     where j.status = 'PENDING' and j.not_before <= now()
       and (j.published_at is null or j.published_at < now() - p_grace)
     group by j.tenant_id
$$;

-- RUNNING jobs whose worker stopped sending heartbeats go back to PENDING (or merge into a PENDING
-- job of the same key that arrived meanwhile). Returns how many were released.
create function ferry_work_release_orphans(p_timeout interval)
    returns integer
    language plpgsql security definer set search_path = public
as $$
declare
    r record;
    n integer := 0;
begin
    for r in select j.id, j.tenant_id, j.kind, j.job_key, j.payload
               from job j
              where j.status = 'RUNNING'
                and not exists (select 1 from work_worker w
                                 where w.id = j.worker_id and w.heartbeat_at > now() - p_timeout)
                for update skip locked
    loop
        update job p set payload = r.payload || p.payload
         where p.tenant_id = r.tenant_id and p.kind = r.kind and p.job_key = r.job_key and p.status = 'PENDING';
        if found then
            delete from job where id = r.id;
        else
            update job set status = 'PENDING', worker_id = null, published_at = null, not_before = now()
             where id = r.id;
        end if;
        n := n + 1;
    end loop;
    return n;
end
$$;

-- Jobs waiting in all tenants (a metric).
create function ferry_work_pending_total()
    returns bigint
    language sql stable security definer set search_path = public
as $$ select count(*) from job where status = 'PENDING' $$;

-- Forgets finished jobs older than p_keep and workers silent for as long.
create function ferry_work_purge(p_keep interval)
    returns integer
    language plpgsql security definer set search_path = public
as $$
declare
    n integer;
begin
    delete from job where status = 'DONE' and finished_at < now() - p_keep;
    get diagnostics n = row_count;
    delete from work_worker where heartbeat_at < now() - p_keep;
    return n;
end
$$;

revoke all on function ferry_work_due_tenants(interval) from public;
revoke all on function ferry_work_release_orphans(interval) from public;
revoke all on function ferry_work_pending_total() from public;
revoke all on function ferry_work_purge(interval) from public;

grant select, insert, update, delete on job, work_worker to ${app_role};
grant execute on function ferry_work_due_tenants(interval) to ${app_role};
grant execute on function ferry_work_release_orphans(interval) to ${app_role};
grant execute on function ferry_work_pending_total() to ${app_role};
grant execute on function ferry_work_purge(interval) to ${app_role};
