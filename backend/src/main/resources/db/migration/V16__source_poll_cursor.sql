-- Where the poller resumes reading an identity source's changes (SyncOp), whatever its kind: the
-- cursor was named for Okta's System Log when Okta was the only source.
alter table okta_poll_cursor rename to source_poll_cursor;
alter policy okta_poll_cursor_isolation on source_poll_cursor rename to source_poll_cursor_isolation;
