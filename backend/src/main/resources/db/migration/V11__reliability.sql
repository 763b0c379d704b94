-- A run that finished with failed operations is INCOMPLETE, never plain DONE: each failed person has been
-- handed to a work item of its own that retries (and is dead-lettered with its cause if it keeps failing).
alter table run drop constraint run_status_check;
alter table run add constraint run_status_check
    check (status in ('PLANNING', 'APPLYING', 'HELD', 'DONE', 'INCOMPLETE', 'FAILED'));

-- When Okta's event hook deliveries may have been missed (a process started, the database or Redis came
-- back, a delivery was answered with an error): the scheduler then reads every organisation's System Log
-- at once instead of waiting for the next poll. One row for the whole deployment.
create table delivery_gap (
    id        smallint    primary key default 1 check (id = 1),
    noted_at  timestamptz not null,
    reason    varchar(200) not null
);
grant select, insert, update on delivery_gap to ${app_role};
