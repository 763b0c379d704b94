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

-- The search itself runs in this function, as the tables' owner, filtering by the current organisation
-- itself: under row-level security PostgreSQL evaluates the policy before any operator that is not
-- leakproof, and LIKE is not, so a search through the policy never uses the trigram index and reads all
-- 100,000 rows (450 ms measured, docs/portal-people.md). The organisation comes from the same setting
-- the policies read (ferry_current_tenant()); without one it finds nothing. Dynamic SQL, so each call is
-- planned for its own text: rare text through the index, common text by a scan that stops at the limit.
create function ferry_people_search(p_like text, p_limit integer)
    returns table (kind text, identity_id text, account_id text, email text, first_name text, last_name text,
                   state text)
    language plpgsql stable security definer set search_path = public
as $$
declare
    t uuid := ferry_current_tenant();
begin
    if t is null then
        return;
    end if;
    return query execute
        'select ''LINK'', l.identity_id::text, l.account_id::text, l.account_email::text,
                l.last_written ->> ''FirstName'', l.last_written ->> ''LastName'', l.state::text
           from link l where l.tenant_id = $1 and l.search_text like $2 limit $3'
        using t, p_like, p_limit;
    return query execute
        'select ''SCIM'', s.id::text, null::text, coalesce(s.resource -> ''emails'' -> 0 ->> ''value'', s.user_name)::text,
                s.resource -> ''name'' ->> ''givenName'', s.resource -> ''name'' ->> ''familyName'', null::text
           from scim_identity s where s.tenant_id = $1 and s.search_text like $2 limit $3'
        using t, p_like, p_limit;
    return query execute
        'select ''CANDIDATE'', c.identity_id::text, c.account_id::text, c.email::text, null::text, null::text,
                c.status::text
           from import_candidate c
          where c.tenant_id = $1 and lower(coalesce(c.email, '''')) like $2 and c.status = ''PENDING'' limit $3'
        using t, p_like, p_limit;
end
$$;
revoke all on function ferry_people_search(text, integer) from public;
grant execute on function ferry_people_search(text, integer) to ${app_role};
