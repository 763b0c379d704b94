-- Which job a run belongs to. Each run kind is made by one job kind (RECONCILE and DRY_RUN by
-- tenant.reconcile, PERSON by identity.sync, IMPORT by tenant.import), so the run's kind and the job's
-- key name the job. PostgreSQL lets only one job of a key run at a time, so when a job of that key
-- starts, any other unfinished run of it was left behind: its process died mid-run, or it was merged
-- into a later request before it started. The handler closes those (Runs.closeAbandoned) instead of
-- leaving them "applying" for ever. Runs from before this migration have no key and are left alone.
alter table run add column job_key varchar(255);

-- small: only runs in progress are in it
create index run_unfinished on run (tenant_id, kind, job_key) where status in ('PLANNING', 'APPLYING');
