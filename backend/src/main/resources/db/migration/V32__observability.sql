-- Observability (docs/operations-monitoring.md): the correlation id that follows a change from the
-- request that caused it through its jobs, and the one cross-tenant read behind the per-tenant queue
-- gauges of /actuator/prometheus.

-- The correlation id of the request (event hook delivery, SCIM call, portal action) or job that first
-- queued this job; a later change merged into the waiting job keeps it, as it keeps created_at (the
-- change → ShareFile latency runs from the same first change). Null for work no request caused.
alter table job add column correlation_id varchar(64);

-- Jobs that are not DONE, per tenant and status: what the gauges count. DONE jobs are kept for
-- ferry.work.keep-done (a week), so without this index every scrape would read them all.
create index job_open_by_tenant on job (tenant_id, status, not_before) where status <> 'DONE';

-- Per tenant (every tenant, also those with nothing queued, so a gauge reads 0 rather than vanishing):
-- jobs waiting, of them those due now, running, dead, and how long the oldest due job has waited since
-- it became due (seconds; 0 when none is due). Ids, slugs and counts only, never a job's content. Asked
-- by one worker process per metrics interval (the one holding the maintenance lease), not per scrape.
create function ferry_work_tenant_gauges()
    returns table (tenant_id uuid, slug varchar, pending bigint, due bigint, running bigint, dead bigint,
                   oldest_due_seconds double precision)
    language sql stable security definer set search_path = public
as $$
    select t.id, t.slug,
           count(j.status) filter (where j.status = 'PENDING'),
           count(j.status) filter (where j.status = 'PENDING' and j.not_before <= now()),
           count(j.status) filter (where j.status = 'RUNNING'),
           count(j.status) filter (where j.status = 'DEAD'),
           coalesce(extract(epoch from now() - min(j.not_before)
                                filter (where j.status = 'PENDING' and j.not_before <= now())), 0)::double precision
      from tenant t
      left join job j on j.tenant_id = t.id and j.status <> 'DONE'
     group by t.id, t.slug
$$;

revoke all on function ferry_work_tenant_gauges() from public;
grant execute on function ferry_work_tenant_gauges() to ${app_role};
