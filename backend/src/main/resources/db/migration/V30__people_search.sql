-- The People page (docs/portal-people.md) finds a person among 100,000 linked ones as they type: by
-- name, e-mail, login or id, anywhere in the text. Each searchable table gets one lower-cased text of
-- what a person would type, kept by PostgreSQL itself (a generated column, so no writer can forget
-- it), with a trigram index, so "%stone%" is an index scan, not a read of the whole table.
create extension if not exists pg_trgm;

-- a link: the Okta id, the ShareFile account id and e-mail, and the names Ferry last wrote there
alter table link add column search_text text generated always as (lower(
    identity_id || ' ' || account_id || ' ' || coalesce(account_email, '') || ' '
    || coalesce(last_written ->> 'FirstName', '') || ' ' || coalesce(last_written ->> 'LastName', ''))) stored;
create index link_search on link using gin (search_text gin_trgm_ops);

-- a person an identity provider pushed through SCIM: userName, names and the first e-mail
alter table scim_identity add column search_text text generated always as (lower(
    user_name || ' ' || coalesce(resource -> 'name' ->> 'givenName', '') || ' '
    || coalesce(resource -> 'name' ->> 'familyName', '') || ' '
    || coalesce(resource -> 'emails' -> 0 ->> 'value', '') || ' ' || coalesce(external_id, ''))) stored;
create index scim_identity_search on scim_identity using gin (search_text gin_trgm_ops);

-- a ShareFile account waiting to be matched or created in the identity source
create index import_candidate_search on import_candidate using gin (lower(coalesce(email, '')) gin_trgm_ops);

-- one person's jobs that Ferry gave up on (the page shows them with a retry button); the waiting and
-- running ones are already found by key through job_one_pending_per_key / job_one_running_per_key
create index job_dead_by_key on job (tenant_id, kind, job_key) where status = 'DEAD';
