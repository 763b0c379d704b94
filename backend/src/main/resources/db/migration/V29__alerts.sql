-- Alerts (the alert module, docs/portal-alerts.md): who is told, by e-mail and webhook, when something
-- needs a person — a plan held for approval, new dead letters, connections that start failing,
-- sustained throttling.
--
-- Nothing is lost: alerts are derived from durable state (run, job, the connections' last tests) by the
-- scheduler's pass, ferry_alerts_derive below, which reads from a stored position with an overlap and
-- inserts each alert once (unique per organisation, kind and subject). Its deliveries are rows too,
-- sent and retried by the one process holding the alert lock.

-- What an organisation wants to be told, and where. The webhook address is a secret (Slack's and
-- Teams' incoming webhook URLs carry their own credential): SecretBox ciphertext, with its host kept
-- apart for the page to show.
create table alert_settings (
    tenant_id         uuid         primary key references tenant (id) on delete cascade,
    emails            varchar(2000) not null default '',
    webhook_url       text,
    webhook_host      varchar(255),
    kinds             text[]       not null default array['HELD_PLAN', 'DEAD_LETTER', 'CONNECTION_FAILING', 'THROTTLED'],
    throttle_minutes  integer      not null default 15 check (throttle_minutes between 1 and 1440),
    updated_at        timestamptz  not null,
    version           bigint       not null default 0
);

-- One row per thing that happened, in the organisation it happened in.
create table alert (
    id          uuid         primary key,
    tenant_id   uuid         not null references tenant (id) on delete cascade,
    kind        varchar(24)  not null check (kind in ('HELD_PLAN', 'DEAD_LETTER', 'CONNECTION_FAILING', 'THROTTLED', 'TEST')),
    subject     varchar(200) not null,
    details     jsonb        not null default '{}'::jsonb,
    -- the page that resolves it, below ferry.public-url
    link        varchar(500) not null,
    occurred_at timestamptz  not null,
    created_at  timestamptz  not null default clock_timestamp(),
    -- deliveries made (to the organisation and its MSP, per their settings)
    fanned_out  boolean      not null default false,
    constraint alert_once unique (tenant_id, kind, subject)
);
create index alert_by_tenant on alert (tenant_id, created_at desc);
create index alert_by_time on alert (created_at);
create index alert_not_fanned_out on alert (created_at) where not fanned_out;

-- One message to send to one recipient organisation (the alert's own, or its MSP) over one channel.
-- It carries a copy of what the message says, so the recipient's rows are all a delivery reads: an MSP
-- never reads its customers' tables.
create table alert_delivery (
    id               bigint       generated always as identity primary key,
    tenant_id        uuid         not null references tenant (id) on delete cascade,
    alert_id         uuid         not null references alert (id) on delete cascade,
    source_tenant_id uuid         not null,
    source_name      varchar(120) not null,
    kind             varchar(24)  not null,
    channel          varchar(8)   not null check (channel in ('EMAIL', 'WEBHOOK')),
    details          jsonb        not null default '{}'::jsonb,
    link             varchar(500) not null,
    occurred_at      timestamptz  not null,
    status           varchar(8)   not null check (status in ('PENDING', 'SENT', 'FAILED')),
    attempts         integer      not null default 0,
    next_at          timestamptz  not null,
    sent_at          timestamptz,
    -- how many alerts the message it went out in carried (1: on its own; more: a digest)
    batch_size       integer,
    last_error       varchar(500),
    created_at       timestamptz  not null
);
create index alert_delivery_due on alert_delivery (next_at) where status = 'PENDING';
create index alert_delivery_by_tenant on alert_delivery (tenant_id, created_at desc);
create index alert_delivery_of_alert on alert_delivery (alert_id);

-- When a message of a kind last went to a recipient over a channel: the digest window starts there.
create table alert_last_sent (
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    channel    varchar(8)  not null,
    kind       varchar(24) not null,
    sent_at    timestamptz not null,
    primary key (tenant_id, channel, kind)
);

-- Conditions that are alerted when they begin, not while they last (connections failing, throttling).
create table alert_watch (
    tenant_id  uuid        not null references tenant (id) on delete cascade,
    subject    varchar(40) not null,
    active     boolean     not null,
    since      timestamptz not null,
    primary key (tenant_id, subject)
);

-- How far the derive pass has read; it reads again from a minute before (a transaction may commit a
-- row stamped a little before the pass ran). Not tenant-owned: one position for the deployment.
create table alert_scan (
    id          smallint    primary key default 1 check (id = 1),
    scanned_to  timestamptz not null
);
insert into alert_scan (id, scanned_to) values (1, now());

-- Throttling that lasts: since when a waiting job has been held back by its target (a throttle's
-- pause, or 429s). Set by the work module when it defers a job or retries it after a 429, cleared
-- when the job gets through.
-- job.throttled_since (since when a job has been held back by a throttle) is added by V28
create index job_throttled on job (throttled_since) where status = 'PENDING' and throttled_since is not null;
create index job_dead_by_time on job (finished_at) where status = 'DEAD';
create index job_credential_failures on job (tenant_id) where error_kind = 'INVALID_CREDENTIAL' and status in ('PENDING', 'DEAD');
create index run_held_by_time on run (finished_at) where status = 'HELD';

do $$
declare t text;
begin
    foreach t in array array['alert_settings', 'alert', 'alert_delivery', 'alert_last_sent', 'alert_watch'] loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy %I on %I using (tenant_id = ferry_current_tenant()) '
                       'with check (tenant_id = ferry_current_tenant())', t || '_isolation', t);
    end loop;
end
$$;

-- Organisations whose connections fail now, with why: a failed "Test", or the engine's calls refused
-- for their credentials (a job retrying with that error, or given up on it in the last hour).
create view alert_failing_connections as
    select tenant_id, 'target' as part, last_test_summary as why from target_connection where last_test_ok = false
    union all
    select tenant_id, 'source', last_test_summary from source_connection where last_test_ok = false
    union all
    select tenant_id, 'calls', error_message from job
     where error_kind = 'INVALID_CREDENTIAL'
       and (status = 'PENDING' or (status = 'DEAD' and finished_at > now() - interval '1 hour'));
revoke all on alert_failing_connections from public;

-- Connections failing at the time of this migration are not news: they are remembered as failing.
insert into alert_watch (tenant_id, subject, active, since)
select distinct tenant_id, 'connections', true, now() from alert_failing_connections;

-- The scheduler's pass: new alerts from durable state, across organisations, and their deliveries per
-- the settings of the organisation and of the MSP that manages it. Runs with the owner's rights (it
-- looks across tenants); returns how many alerts it made.
create function ferry_alerts_derive(p_overlap interval)
    returns integer
    language plpgsql security definer set search_path = public
as $$
declare
    v_now  timestamptz := clock_timestamp();
    v_from timestamptz;
    v_made integer := 0;
    n      integer;
begin
    select scanned_to - p_overlap into v_from from alert_scan where id = 1 for update;

    -- plans held by the safety threshold
    insert into alert (id, tenant_id, kind, subject, details, link, occurred_at)
    select gen_random_uuid(), r.tenant_id, 'HELD_PLAN', r.id::text,
           jsonb_build_object('run', r.id, 'held', r.held, 'runKind', r.kind, 'message', coalesce(r.message, '')),
           '/t/' || t.slug || '/provisioning/runs/' || r.id, r.finished_at
      from run r join tenant t on t.id = r.tenant_id
     where r.status = 'HELD' and r.finished_at > v_from
    on conflict on constraint alert_once do nothing;
    get diagnostics n = row_count; v_made := v_made + n;

    -- jobs given up on (a dead letter retried and given up on again is new again)
    insert into alert (id, tenant_id, kind, subject, details, link, occurred_at)
    select gen_random_uuid(), j.tenant_id, 'DEAD_LETTER',
           j.id::text || '@' || floor(extract(epoch from j.finished_at) * 1000)::bigint,
           jsonb_build_object('job', j.id, 'jobKind', j.kind, 'key', j.job_key,
                              'errorKind', coalesce(j.error_kind, ''), 'message', left(coalesce(j.error_message, ''), 300)),
           '/t/' || t.slug || '/provisioning/dead-letters', j.finished_at
      from job j join tenant t on t.id = j.tenant_id
     where j.status = 'DEAD' and j.finished_at > v_from
    on conflict on constraint alert_once do nothing;
    get diagnostics n = row_count; v_made := v_made + n;

    -- connections that start failing
    create temporary table alert_failing on commit drop as
        select f.tenant_id, string_agg(distinct f.part, ',') as parts, left(max(f.why), 300) as why
          from alert_failing_connections f group by f.tenant_id;
    insert into alert (id, tenant_id, kind, subject, details, link, occurred_at)
    select gen_random_uuid(), f.tenant_id, 'CONNECTION_FAILING',
           'connections@' || floor(extract(epoch from v_now) * 1000)::bigint,
           jsonb_build_object('parts', f.parts, 'why', coalesce(f.why, '')),
           '/t/' || t.slug || '/connections', v_now
      from alert_failing f join tenant t on t.id = f.tenant_id
     where not exists (select 1 from alert_watch w
                        where w.tenant_id = f.tenant_id and w.subject = 'connections' and w.active)
    on conflict on constraint alert_once do nothing;
    get diagnostics n = row_count; v_made := v_made + n;
    insert into alert_watch (tenant_id, subject, active, since)
    select f.tenant_id, 'connections', true, v_now from alert_failing f
    on conflict (tenant_id, subject) do update set active = true, since = v_now where not alert_watch.active;
    update alert_watch w set active = false, since = v_now
     where w.subject = 'connections' and w.active
       and not exists (select 1 from alert_failing f where f.tenant_id = w.tenant_id);

    -- throttling longer than the organisation's threshold (its own setting, else its MSP's, else 15 minutes)
    create temporary table alert_throttled on commit drop as
        select j.tenant_id, min(j.throttled_since) as since, count(*) as jobs
          from job j
          join tenant t on t.id = j.tenant_id
          left join alert_settings s on s.tenant_id = j.tenant_id
          left join alert_settings m on m.tenant_id = t.managed_by
         where j.status = 'PENDING' and j.throttled_since is not null
         group by j.tenant_id, s.throttle_minutes, m.throttle_minutes
        having min(j.throttled_since) < v_now - make_interval(mins => coalesce(s.throttle_minutes, m.throttle_minutes, 15));
    insert into alert (id, tenant_id, kind, subject, details, link, occurred_at)
    select gen_random_uuid(), x.tenant_id, 'THROTTLED',
           'throttled@' || floor(extract(epoch from x.since) * 1000)::bigint,
           jsonb_build_object('since', x.since, 'jobs', x.jobs,
                              'minutes', floor(extract(epoch from (v_now - x.since)) / 60)::integer),
           '/t/' || t.slug || '/provisioning', v_now
      from alert_throttled x join tenant t on t.id = x.tenant_id
     where not exists (select 1 from alert_watch w
                        where w.tenant_id = x.tenant_id and w.subject = 'throttled' and w.active)
    on conflict on constraint alert_once do nothing;
    get diagnostics n = row_count; v_made := v_made + n;
    insert into alert_watch (tenant_id, subject, active, since)
    select x.tenant_id, 'throttled', true, v_now from alert_throttled x
    on conflict (tenant_id, subject) do update set active = true, since = v_now where not alert_watch.active;
    update alert_watch w set active = false, since = v_now
     where w.subject = 'throttled' and w.active
       and not exists (select 1 from alert_throttled x where x.tenant_id = w.tenant_id);

    -- deliveries: to the organisation, and to its MSP (a test alert only to whoever asked for it)
    insert into alert_delivery (tenant_id, alert_id, source_tenant_id, source_name, kind, channel, details, link,
                                occurred_at, status, next_at, created_at)
    select r.recipient, a.id, a.tenant_id, t.display_name, a.kind, c.channel, a.details, a.link, a.occurred_at,
           'PENDING', v_now, v_now
      from alert a
      join tenant t on t.id = a.tenant_id
      cross join lateral (values (a.tenant_id), (case when a.kind = 'TEST' then null else t.managed_by end)) r (recipient)
      join alert_settings s on s.tenant_id = r.recipient
      cross join lateral (values ('EMAIL'), ('WEBHOOK')) c (channel)
     where not a.fanned_out and r.recipient is not null
       and (a.kind = 'TEST' or a.kind = any (s.kinds))
       and ((c.channel = 'EMAIL' and s.emails <> '') or (c.channel = 'WEBHOOK' and s.webhook_url is not null));
    update alert set fanned_out = true where not fanned_out;

    update alert_scan set scanned_to = v_now where id = 1;
    return v_made;
end
$$;

-- Recipient organisations with deliveries due now (ids only).
create function ferry_alerts_due()
    returns table (tenant_id uuid)
    language sql stable security definer set search_path = public
as $$
    select distinct d.tenant_id from alert_delivery d where d.status = 'PENDING' and d.next_at <= now()
$$;

-- Forgets alerts (and their deliveries) older than p_keep, across organisations; returns how many.
create function ferry_alerts_purge(p_keep interval)
    returns integer
    language plpgsql security definer set search_path = public
as $$
declare
    n integer;
begin
    delete from alert where created_at < now() - p_keep;
    get diagnostics n = row_count;
    return n;
end
$$;

revoke all on function ferry_alerts_derive(interval) from public;
revoke all on function ferry_alerts_purge(interval) from public;
revoke all on function ferry_alerts_due() from public;

grant select, insert, update, delete on alert_settings, alert, alert_delivery, alert_last_sent, alert_watch to ${app_role};
grant execute on function ferry_alerts_derive(interval) to ${app_role};
grant execute on function ferry_alerts_due() to ${app_role};
grant execute on function ferry_alerts_purge(interval) to ${app_role};
