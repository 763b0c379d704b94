-- Ferry's first migration. PostgreSQL is the truth: every later feature adds its tables here.

-- Spring Modulith's event publication registry: the transactional outbox that keeps events
-- which have not yet been handled, so a crash or a Redis flush loses no work.
create table event_publication (
    id                     uuid primary key,
    listener_id            text                     not null,
    event_type             text                     not null,
    serialized_event       text                     not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    status                 text,
    completion_attempts    integer,
    last_resubmission_date timestamp with time zone
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
