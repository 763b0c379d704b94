-- The scheduler forgets event ids older than a few days (Okta's retries and duplicates come within
-- minutes); this index keeps that hourly delete from scanning every id ever received.
create index hook_event_by_time on hook_event (tenant_id, received_at);
