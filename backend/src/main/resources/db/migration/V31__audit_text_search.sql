-- Free text in the audit log (docs/portal-audit.md) through a trigram index, from inside a function.
-- Under row-level security PostgreSQL evaluates the policy before any operator that is not leakproof,
-- and LIKE is not, so a search through the policy can never use an index: text found in few events read
-- the organisation's whole log (2.1 s for a million events). As ferry_people_search (V30) does, this
-- function runs as the tables' owner and filters by the current organisation itself (the setting the
-- policies read; without one it finds nothing). The index itself is V31_1's.
--
-- It answers which of the organisation's events contain the text, as ids (at most p_cap), or null when
-- the planner expects at least p_cap of them: a common text is then found faster by walking the log
-- newest first (AuditQuery), since the first page of matches is near the top, than by collecting every
-- match through the index. Dynamic SQL, so each text is planned (and estimated) for itself. Volatile
-- only because PostgreSQL allows EXPLAIN in no other kind of function; it changes nothing.
create function ferry_audit_search(p_like text, p_cap integer)
    returns bigint[]
    language plpgsql volatile security definer set search_path = public
as $$
declare
    t uuid := ferry_current_tenant();
    matches constant text := 'select id from audit_event where tenant_id = $1 and ferry_audit_text(action, '
        || 'actor_name, actor_id, target_type, target_id, details, correlation_id, source_ip) like $2';
    plan json;
    found bigint[];
begin
    if t is null then
        return '{}';
    end if;
    execute 'explain (format json) ' || matches using t, p_like into plan;
    if (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric >= p_cap then
        return null;
    end if;
    execute 'select array(' || matches || ' limit $3)' using t, p_like, p_cap into found;
    return found;
end
$$;
revoke all on function ferry_audit_search(text, integer) from public;
grant execute on function ferry_audit_search(text, integer) to ${app_role};
